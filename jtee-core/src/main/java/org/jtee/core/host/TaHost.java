package org.jtee.core.host;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jtee.common.TeeResult;
import org.jtee.os.ChildProcess;
import org.jtee.os.UnixConnection;
import org.jtee.core.client.Operation;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;
import org.jtee.tahost.HostIsolation;
import org.jtee.tahost.TaHostMain;

/**
 * The core's end of one TA host process: its pipes and its life. A call is driven by the core
 * thread that makes it: it writes the request, then reads the host's frames itself — answering
 * the TA's own requests (TA-to-TA calls, REE time) inline, on the same thread, as OP-TEE runs a
 * TA's syscalls on the caller's secure thread — until the reply comes. The instance lock makes
 * that thread the link's only reader.
 *
 * <p>Writes to the host are serialised, and each has a time limit of {@code hardLimitMillis}: a
 * host that does not drain its pipe by then is killed, and the call fails as the instance's death
 * ({@code TEE_ERROR_TARGET_DEAD}).
 *
 * <p>A cancellation of the operation is passed on as one CANCEL frame, written by a thread of
 * its own so that the canceller never waits on the host; a repeated cancellation of the same call
 * sends nothing more. If the call has still not returned {@code hardLimitMillis} after the first
 * cancellation, the host is killed. Load, close and destroy calls and calls in an internal
 * operation cannot be cancelled, so the limit applies to them from the start.
 *
 * <p>A debuggable host ({@link Debugging}) is never killed for taking its time, neither limit
 * applies to it: its TA may stand at a breakpoint for as long as the developer likes.
 */
public final class TaHost {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /**
     * How a debuggable host listens for its debugger: on 127.0.0.1:{@code port}; with
     * {@code suspend}, the host's JVM waits for the debugger before it runs any code.
     */
    record Debugging(int port, boolean suspend) {}

    /** What serves the TA's requests to the core during a call. */
    public interface Requests {
        Message serve(Message request) throws ProtocolException;
    }

    private final ChildProcess process;
    private final UnixConnection link;
    private final HostMemory memory = new HostMemory(this);
    /** What runs when the host has exited; null once it has. Guarded by itself. */
    private final java.util.List<Runnable> exitActions = new java.util.ArrayList<>();
    private boolean exited;
    private final FrameChannel frames;
    private final ScheduledExecutorService timers;
    private final long hardLimitMillis;
    private long nextRequestId = 1;
    /** The request id of the call in progress, 0 if none. */
    private volatile long inCall;
    /** The request id of the last call a CANCEL was sent for; guarded by {@code this}. */
    private long cancelled;
    /** Held while a frame is written: the caller's thread and the cancel writer share the pipe. */
    private final Object writeLock = new Object();
    /** When the write in progress started ({@link System#nanoTime()}), 0 if none. */
    private volatile long writingSince;
    private volatile String killedBecause;
    /** Null unless the host listens for a debugger. */
    private final Debugging debugging;
    /** Set once the host's instance has ended: the host is exiting, or is killed. */
    private volatile boolean retired;

    /**
     * Takes over {@code process} and its end of the link; must be called on a thread of the core
     * that is not confined, as it starts the host's exit thread, which reaps it ({@link #onExit}).
     */
    TaHost(ChildProcess process, UnixConnection link, ScheduledExecutorService timers, long hardLimitMillis) {
        this(process, link, timers, hardLimitMillis, null);
    }

    /** As {@link #TaHost(ChildProcess, UnixConnection, ScheduledExecutorService, long)}; {@code debugging}: null unless debuggable. */
    TaHost(ChildProcess process, UnixConnection link, ScheduledExecutorService timers, long hardLimitMillis,
            Debugging debugging) {
        this.debugging = debugging;
        this.process = process;
        this.link = link;
        Thread.ofPlatform().daemon().name("jtee-host-exit-" + process.pid()).stackSize(256 << 10).start(this::awaitExit);
        this.frames = new FrameChannel(link);
        this.timers = timers;
        this.hardLimitMillis = hardLimitMillis;
    }

    public long pid() {
        return process.pid();
    }

    ChildProcess process() {
        return process;
    }

    /** How the host listens for a debugger, or null if it does not. */
    Debugging debugging() {
        return debugging;
    }

    /**
     * The host's instance has ended: the host exits by itself (after DESTROY) or is being killed.
     * A debuggable TA's next host waits for this one's port ({@link DebugPorts}).
     */
    public void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }

    /** The memory this host shares with the core: what carries memory references into it. */
    public HostMemory memory() {
        return memory;
    }

    /**
     * Runs {@code action} once the host has exited, on the host's exit thread (at once, on the
     * caller's, if it has already exited and its actions have run).
     */
    public void onExit(Runnable action) {
        synchronized (exitActions) {
            if (!exited) {
                exitActions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * The host's exit thread: a platform thread, started by the core and so not confined, that
     * reaps the host, closes the link and runs {@link #onExit} actions.
     */
    private void awaitExit() {
        process.reap();
        link.close();
        memory.close();
        java.util.List<Runnable> actions;
        synchronized (exitActions) {
            exited = true;
            actions = java.util.List.copyOf(exitActions);
            exitActions.clear();
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "after TA host " + pid() + " exited", e);
            }
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Reads the host's HELLO and accepts it: the JVM has booted and hardened itself. */
    void awaitHello() throws IOException {
        try {
            Handshake.accept(Link.TA_HOST, frames.read(), TeeResult.SUCCESS, this::send);
        } catch (EOFException e) {
            throw new IOException("TA host " + pid() + " did not start: " + exitDescription());
        } catch (ProtocolException e) {
            kill("protocol error in HELLO: " + e.getMessage());
            throw new IOException("TA host " + pid() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code request} and waits for its reply, serving the host's requests meanwhile.
     *
     * @throws HostGone if the host dies, is killed, or breaks the protocol
     */
    public Message.Reply call(Message request, Operation op, Requests requests) {
        long id = nextRequestId++;
        Runnable onCancel = () -> cancel(id);
        boolean cancellable = op.cancellable() && isCancellable(request);
        inCall = id;
        try {
            send(id, request);
            // after the request: a CANCEL must not overtake the call it cancels
            if (cancellable) {
                op.addCancelHook(onCancel);
            } else {
                armHardLimit(id);
            }
            while (true) {
                Frame f = frames.read();
                if (f == null) {
                    throw gone("exited");
                }
                Message m = f.message();
                Link.TA_HOST.checkToCore(m);
                if (f.requestId() == id && m instanceof Message.Reply r && (m.type() & ~Wire.REPLY) == replyTo(request)) {
                    return r;
                }
                if ((m.type() & Wire.REPLY) != 0) {
                    throw new ProtocolException("reply " + Wire.typeName(m.type()) + " to no request");
                }
                send(f.requestId(), requests.serve(m));
            }
        } catch (IOException e) {
            throw gone("lost its link (" + e.getMessage() + ")");
        } catch (ProtocolException e) {
            kill("protocol error: " + e.getMessage());
            throw gone("broke the protocol");
        } finally {
            inCall = 0;
            if (cancellable) {
                op.removeCancelHook(onCancel);
            }
        }
    }

    /**
     * Has a pooled host define and link a TA's classes ahead of need ({@code load} is a LOAD_TA
     * with {@code prepareOnly}); false if the host refused the image. A host that fails the
     * protocol throws {@link HostGone}.
     */
    boolean prepare(Message.LoadTa load) {
        Message.Reply r = call(load, Operation.internal(), m -> {
            throw new ProtocolException("a host preparing a TA may not send " + Wire.typeName(m.type()));
        });
        return r.result() == TeeResult.SUCCESS;
    }

    /** Only what runs TA code on a client's behalf can be cancelled: open and invoke. */
    private static boolean isCancellable(Message request) {
        return request.type() == Wire.HOST_OPEN || request.type() == Wire.INVOKE;
    }

    /**
     * Writes one frame. If the host has not taken it within {@code hardLimitMillis}, the sweep
     * ({@link #enforceWriteLimit}) kills the host, which ends the write with an error.
     */
    private void send(long requestId, Message m) throws IOException {
        send(requestId, m, -1);
    }

    /**
     * MAP_MEMORY: maps {@code size} bytes of the shared memory {@code descriptor} into the host as
     * {@code region} (size 0, descriptor -1: unmaps it); the descriptor travels with the frame.
     */
    void map(int region, long size, int descriptor) throws IOException {
        send(0, new Message.MapMemory(region, size), descriptor);
    }

    private void send(long requestId, Message m, int descriptor) throws IOException {
        synchronized (writeLock) {
            writingSince = System.nanoTime() | 1; // never 0
            try {
                if (descriptor >= 0) {
                    link.attachDescriptor(descriptor);
                }
                frames.write(requestId, m);
            } finally {
                writingSince = 0;
            }
        }
    }

    /** Whether a frame is being written to the host now: what {@link #enforceWriteLimit} times. */
    boolean writing() {
        return writingSince != 0;
    }

    /** Kills the host if a write to it has been waiting longer than the limit at {@code nowNanos}. */
    void enforceWriteLimit(long nowNanos) {
        long since = writingSince;
        if (since != 0 && debugging == null && nowNanos - since > TimeUnit.MILLISECONDS.toNanos(hardLimitMillis)) {
            kill("it did not read from its pipe for " + hardLimitMillis + " ms");
        }
    }

    private static int replyTo(Message request) {
        return request.type() == Wire.HOST_OPEN ? Wire.HOST_OPEN : request.type();
    }

    /** Passes a cancellation of call {@code id} on, once, without blocking the caller. */
    private void cancel(long id) {
        synchronized (this) {
            if (inCall != id || cancelled == id) {
                return;
            }
            cancelled = id;
        }
        armHardLimit(id);
        Thread.ofPlatform().daemon().name("jtee-host-cancel-" + pid()).start(() -> {
            try {
                send(0, new Message.Cancel(id));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cancel to TA host {0}: {1}", Long.toString(pid()), e.toString());
            }
        });
    }

    private void armHardLimit(long id) {
        if (debugging != null) {
            return; // its TA may stand at a breakpoint
        }
        timers.schedule(() -> {
            if (inCall == id) {
                kill("the call did not return within " + hardLimitMillis + " ms of its cancellation");
            }
        }, hardLimitMillis, TimeUnit.MILLISECONDS);
    }

    /** Ends the host at once; {@code why} goes into the log and the next error. */
    public void kill(String why) {
        if (process.isAlive()) {
            killedBecause = why;
            LOG.log(Level.WARNING, "killing TA host {0}: {1}", Long.toString(pid()), why);
            process.kill();
        }
    }

    private HostGone gone(String what) {
        return new HostGone("TA host " + pid() + " " + what + ": " + exitDescription());
    }

    /** How the host ended (or "still running"). */
    public String exitDescription() {
        try {
            if (process.waitFor(200)) {
                return killedBecause != null ? "killed: " + killedBecause : describeStatus(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running";
    }

    static String describeStatus(int status) {
        return switch (status) {
            case TaHostMain.EXIT_PANIC -> "the TA panicked (status 101)";
            case TaHostMain.EXIT_BAD_IMAGE -> "the image could not run (status 4)";
            case TaHostMain.EXIT_NOT_ISOLATED -> "the host refused to run: it cannot be isolated on this kernel "
                    + "(status 5; the core's log names what is missing and " + HostIsolation.FLAG + ")";
            case 3 -> "out of memory (status 3)";
            case TaHostMain.EXIT_PROTOCOL -> "protocol error (status 2)";
            case 6 + 128 -> "aborted (status " + status + ")";
            case 9 + 128 -> "killed by SIGKILL";
            default -> "exit status " + status;
        };
    }

    /** The host died or was ended; the instance is dead. */
    public static final class HostGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The host is gone, and {@code message} says why. */
        public HostGone(String message) {
            super(message);
        }
    }
}
