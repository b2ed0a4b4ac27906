package org.jtee.tahost;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.os.Capabilities;
import org.jtee.os.ChildProcess;
import org.jtee.os.Hardening;
import org.jtee.os.Landlock;
import org.jtee.os.Seccomp;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/**
 * The TA host: a JVM that runs exactly one dynamic TA instance for the core that started it. Its
 * link to the core (jtee frames) is the Unix socket it inherits as descriptor 3
 * ({@link ChildProcess#LINK_FD}), which also brings the descriptors of shared memory the core
 * maps into it; whatever the TA prints goes to standard error (standard output is the same).
 *
 * <p>Before it reads the TA it hardens itself ({@link #harden}): not dumpable (no ptrace, no core
 * dump, no {@code /proc/pid/mem} for processes of the same user), no capabilities, confined with
 * Landlock to reading the JDK, its own class path, the kernel's random devices and its own
 * {@code /proc/<pid>} — so the core's private state (the HUK) is out of its reach, although it
 * runs as the same user — and under a seccomp filter ({@link Seccomp}) for what Landlock does not
 * cover ({@link HostIsolation}). Its JVM was started with the attach mechanism disabled. With
 * {@code -Djtee.host.debug=true} (the core's {@code --ta-debug}) it stays dumpable and
 * unconfined, so a debugger can attach, and says so.
 *
 * <p>Exit status: 0 after DESTROY or when the core goes away, 2 after a protocol error, 4 if the
 * image cannot be run (3 is the JVM's own, out of memory), 5 if the host cannot be isolated on
 * this kernel and the core did not accept weaker isolation, 101 when the TA panicked.
 */
public final class TaHostMain {
    /** Exit status: the link to the core broke or carried something a host does not accept. */
    public static final int EXIT_PROTOCOL = 2;
    /** Exit status: the TA's image cannot be run. */
    public static final int EXIT_BAD_IMAGE = 4;
    /** Exit status: the host cannot be isolated on this kernel and the core did not accept weaker isolation. */
    public static final int EXIT_NOT_ISOLATED = 5;
    /** Host property: the pid of the core that started this host. */
    public static final String CORE_PID_PROPERTY = "jtee.host.corePid";
    /** Exit status: the TA panicked. */
    public static final int EXIT_PANIC = 101;

    /** The stack of the host's threads, main included ({@code -Xss}, which the core passes). */
    public static final int THREAD_STACK_BYTES = 512 << 10;

    private TaHostMain() {}

    public static void main(String[] args) {
        PrintStream log = System.err;
        System.setOut(log);
        System.setIn(InputStream.nullInputStream());
        UnixConnection socket;
        try {
            socket = UnixConnection.inherited(ChildProcess.LINK_FD, true);
        } catch (IOException e) {
            log.println("jtee-host: no link to the core on descriptor " + ChildProcess.LINK_FD + ": " + e.getMessage());
            halt(EXIT_PROTOCOL);
            return;
        }
        harden(log);
        watchParent();
        HostWarmup.run(log);
        FrameChannel frames = new FrameChannel(socket);
        try {
            Handshake.initiate(frames, Link.TA_HOST);
            CryptoWarm cryptoWarm = CryptoWarm.start(log);
            TaHostLoop.Prepared prepared = null;
            Frame load;
            while (true) {
                load = frames.read();
                if (load == null) {
                    halt(0);
                }
                Link.TA_HOST.checkFromCore(load.message());
                if (!(load.message() instanceof Message.LoadTa l) || !l.prepareOnly()) {
                    break;
                }
                // a pooled host: the TA it is likely to get, defined ahead; dropped if another comes
                prepared = TaHostLoop.prepare(l, log);
                frames.write(load.requestId(), status(Wire.LOAD_TA, prepared != null ? TeeResult.SUCCESS : TeeResult.BAD_FORMAT));
            }
            cryptoWarm.stop();
            if (!(load.message() instanceof Message.LoadTa l)) {
                throw new ProtocolException("the first request to a TA host must be LOAD_TA, got "
                        + Wire.typeName(load.message().type()));
            }
            TaHostLoop loop = new TaHostLoop(frames, socket, log, prepared);
            prepared = null;
            TaThread body = new TaThread(loop, load.requestId(), l, log);
            if (l.stackBytes() <= THREAD_STACK_BYTES) {
                // this thread's stack is large enough (-Xss): it becomes the TA thread, which
                // saves starting one while a client waits for the open
                Thread.currentThread().setName("ta");
                Thread.currentThread().setUncaughtExceptionHandler(body);
                body.run();
                return;
            }
            Thread ta = new Thread(null, body, "ta", Math.max(l.stackBytes(), 0));
            ta.setUncaughtExceptionHandler(body);
            ta.start();
        } catch (EOFException e) {
            halt(0); // the core went away before it answered
        } catch (IOException | ProtocolException | Handshake.Refused e) {
            log.println("jtee-host: link to the core failed: " + e.getMessage());
            halt(EXIT_PROTOCOL);
        }
    }

    /**
     * Walls the host in, every mechanism on the main thread before any thread that runs TA code
     * exists (capabilities and Landlock belong to a thread and pass to the threads it starts; the
     * seccomp filter is put on every thread at once). The host was started confined
     * (the core's {@code HostSpawner}): every thread of it, the JVM's own included, already has no
     * capability and is in the outer Landlock layer; this adds the inner one, which takes away
     * all of {@code /proc} but the host's own entry, {@code /sys} and the system libraries. What cannot be had on this kernel makes the
     * host refuse to run ({@link #EXIT_NOT_ISOLATED}), unless the core accepted weaker isolation.
     */
    private static void harden(PrintStream log) {
        if (Boolean.getBoolean("jtee.host.debug")) {
            log.println("jtee-host: WARNING: debug mode: this TA host is dumpable and not confined; "
                    + "a debugger can attach and read everything the TA holds");
            return;
        }
        HostIsolation isolation = HostIsolation.probe();
        if (!isolation.complete()) {
            if (!Boolean.getBoolean(HostIsolation.ALLOW_WEAK_PROPERTY)) {
                log.println("jtee-host: refusing to run a TA: " + isolation.refusal());
                halt(EXIT_NOT_ISOLATED);
            }
            log.println("jtee-host: WARNING: " + isolation.weakWarning());
        }
        try {
            Hardening.disableDumping();
            Hardening.setNoNewPrivileges();
            Capabilities.dropAll();
            if (isolation.landlockAbi() > 0) {
                Landlock.confine(readablePaths(), isolation.landlockAbi());
            }
            if (isolation.seccomp()) {
                Seccomp.confineTaHost();
            }
        } catch (IOException | RuntimeException e) {
            log.println("jtee-host: refusing to run a TA unconfined: " + e.getMessage());
            halt(EXIT_NOT_ISOLATED);
        }
    }

    /**
     * Ends the host when the core does, even if the TA is busy and never reads the link again: a
     * daemon thread checks twice a second that the parent is still the core, with getppid(2) — a
     * dead parent's children are re-parented to init or a subreaper. ({@code ProcessHandle.parent()}
     * reads {@code /proc/<ppid>}, which Landlock hides, so it cannot tell.) Not
     * {@code PR_SET_PDEATHSIG}: it fires when the core <em>thread</em> that started the host ends,
     * and the core starts hosts from threads that come and go (client calls, the pool's refills);
     * and a JVM could set it only long after the fork, when the core may already be gone — which
     * the pid the core passes ({@value #CORE_PID_PROPERTY}) catches here.
     */
    private static void watchParent() {
        long core = Long.getLong(CORE_PID_PROPERTY, Hardening.parentPid());
        if (Hardening.parentPid() != core) {
            halt(0);
        }
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                if (Hardening.parentPid() != core) {
                    halt(0);
                }
            }
        }, "jtee-host-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** The JDK, this host's class path and the kernel's random sources; nothing else. */
    private static List<Path> readablePaths() {
        List<Path> paths = new ArrayList<>();
        paths.add(Path.of(System.getProperty("java.home")));
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            for (String entry : System.getProperty(property, "").split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    paths.add(Path.of(entry).toAbsolutePath());
                }
            }
        }
        paths.add(Path.of("/dev/urandom"));
        paths.add(Path.of("/dev/random"));
        try {
            paths.add(Path.of("/proc/self").toRealPath()); // this process's own /proc/<pid>, nobody else's
        } catch (IOException e) {
            // no procfs: nothing to allow
        }
        return paths;
    }

    /**
     * What the TA thread runs, and what ends the host if the loop itself fails. A class, not
     * lambdas: linking a lambda's call site costs a cold JVM milliseconds, on the open's path.
     */
    private record TaThread(TaHostLoop loop, long loadId, Message.LoadTa load, PrintStream log)
            implements Runnable, Thread.UncaughtExceptionHandler {
        @Override
        public void run() {
            loop.run(loadId, load);
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            log.println("jtee-host: internal error: " + e);
            halt(EXIT_PROTOCOL);
        }
    }

    /** Ends the host at once: no shutdown hooks, nothing of the TA runs any more. */
    static void halt(int status) {
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** A status reply of {@code type} from the host itself (origin TEE). */
    static Message status(int type, int result) {
        return new Message.StatusReply(type | Wire.REPLY, result, ReturnOrigin.TEE);
    }
}
