package org.jtee.core.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jtee.os.Capabilities;
import org.jtee.os.ChildProcess;
import org.jtee.os.Hardening;
import org.jtee.os.Landlock;
import org.jtee.os.UnixConnection;

/**
 * Starts TA hosts confined from their first instruction. On Linux, capabilities, the Landlock
 * domain and {@code no_new_privs} belong to a thread, and a process starts with those of the
 * thread that started it; they survive execve. So the core starts every TA host from one platform
 * thread of its own that has, once, on itself: set {@code no_new_privs}, dropped every capability
 * (bounding, ambient, effective, permitted, inheritable) and entered a Landlock domain that lets
 * it, and so every thread of every host, read and execute what a JVM needs to boot and nothing
 * else ({@link HostLauncher}: the outer layer). The host then narrows that itself
 * ({@code TaHostMain.harden}: the inner layer and the seccomp filter).
 *
 * <pre>
 *   core thread ──start(spawn)──▶ [spawns] ──▶ jtee-host-spawner (confined) ──posix_spawn──▶ host JVM
 *        ▲                                              │ ChildProcess
 *        └──────── completes ── jtee-host-handoff ◀─┘ [handoffs]   (not confined)
 * </pre>
 *
 * <p>That thread does nothing else, so the core itself is not weakened; but a thread a confined
 * thread starts is confined too, and a thread pool starts its threads from whichever thread hands
 * it work. So the spawning thread wakes nobody but the hand-off thread (a platform thread that
 * waits on a queue): it never completes the caller's future itself, which could make the
 * virtual-thread scheduler start a carrier from it. Hosts are started with posix_spawn(3)
 * ({@link ChildProcess}), not {@link ProcessBuilder}, so that the host's link can be a socket
 * (which carries descriptors: shared memory) given to it as descriptor 3; and no JDK process
 * reaper is involved: each host is reaped by {@code TaHost}'s own exit thread, started by the
 * core, unconfined.
 */
public final class HostSpawner implements AutoCloseable {
    private static final Runnable STOP = () -> { };

    /** What to start: the command, its whole environment, and the socket that becomes its link. */
    record Spawn(List<String> command, Map<String, String> environment, UnixConnection link) {}

    private record Request(Spawn spawn, CompletableFuture<ChildProcess> process) {}

    private final BlockingQueue<Request> spawns = new LinkedBlockingQueue<>();
    private final BlockingQueue<Runnable> handoffs = new LinkedBlockingQueue<>();
    /**
     * The nice value TA hosts run at, inherited from the spawning thread: below the core's, so no
     * TA — busy in a loop, or a flood of host boots (a JVM's start takes about a second of CPU) —
     * takes the CPU from the core's dispatching of other clients' calls. A host's seccomp filter
     * refuses setpriority(2), and without {@code CAP_SYS_NICE} it could only go lower anyway.
     */
    static final int HOST_NICE = 10;

    private final Thread spawner;
    private final Thread handoff;
    private volatile boolean closed;

    /**
     * Starts the spawning thread, which confines itself to reading and executing beneath
     * {@code readable}, with Landlock ABI {@code landlockAbi} at most (0: no Landlock, when the
     * core accepted weaker isolation on a kernel without it).
     */
    HostSpawner(List<Path> readable, int landlockAbi) {
        List<Path> paths = List.copyOf(readable);
        this.spawner = Thread.ofPlatform().daemon().name("jtee-host-spawner").unstarted(() -> spawnLoop(paths, landlockAbi));
        this.handoff = Thread.ofPlatform().daemon().name("jtee-host-handoff").unstarted(this::handoffLoop);
        handoff.start();
        spawner.start();
    }

    /** Starts {@code spawn}'s process from the confined thread; waits for it to be started. */
    ChildProcess start(Spawn spawn) throws IOException {
        Request s = new Request(spawn, new CompletableFuture<>());
        spawns.add(s);
        if (closed) {
            s.process().completeExceptionally(new IOException("the core is shutting down"));
        }
        try {
            return s.process().join(); // not interruptible: a process once started is always handed back
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            throw new IOException("cannot start a TA host: " + e.getCause(), e.getCause());
        }
    }

    /** Stops both threads; hosts not yet started are refused. */
    @Override
    public void close() {
        closed = true;
        spawner.interrupt();
    }

    private void spawnLoop(List<Path> readable, int landlockAbi) {
        IOException unconfined = null;
        try {
            Hardening.niceThisThread(HOST_NICE);
            Hardening.setNoNewPrivileges();
            Capabilities.dropAll();
            if (landlockAbi > 0) {
                Landlock.confine(readable, landlockAbi);
            }
        } catch (IOException | RuntimeException e) {
            unconfined = new IOException("TA hosts cannot be confined from their start: " + e.getMessage(), e);
        }
        try {
            while (true) {
                Request s = spawns.take();
                CompletableFuture<ChildProcess> result = s.process();
                if (unconfined != null) {
                    IOException refusal = unconfined;
                    handoffs.add(() -> result.completeExceptionally(refusal));
                    continue;
                }
                try {
                    Spawn spawn = s.spawn();
                    ChildProcess p = ChildProcess.spawn(spawn.command(), spawn.environment(), spawn.link());
                    handoffs.add(() -> result.complete(p));
                } catch (Throwable t) {
                    handoffs.add(() -> result.completeExceptionally(t));
                }
            }
        } catch (InterruptedException e) {
            for (Request s; (s = spawns.poll()) != null;) {
                CompletableFuture<ChildProcess> result = s.process();
                handoffs.add(() -> result.completeExceptionally(new IOException("the core is shutting down")));
            }
            handoffs.add(STOP);
        }
    }

    private void handoffLoop() {
        while (true) {
            Runnable r;
            try {
                r = handoffs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) {
                return;
            }
            r.run();
        }
    }
}
