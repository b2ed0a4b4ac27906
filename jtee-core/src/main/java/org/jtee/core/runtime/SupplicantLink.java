package org.jtee.core.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Details;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * The core's end of the supplicant link. The core starts the supplicant as its own child process
 * and talks to it over the child's standard input and output: only the core and that child hold
 * the pipes, so no other process — a TA host of the same uid included — can take the
 * supplicant's place. The core sends RPC requests and waits for their replies; whatever the
 * supplicant answers is untrusted input.
 *
 * <pre>
 *   started ──HELLO──▶ connected ◀──────── any frame from it ────────┐
 *      │                   │                                          │
 *      │                   └─ an RPC unanswered for rpcTimeout ─▶ unresponsive: RPCs fail at once,
 *      │                                                              a GET_TIME probe is sent
 *      │                                                              │ probe unanswered for rpcTimeout
 *      ▼                                                              ▼
 *   no HELLO within 30 s,  EOF, protocol error, a write over writeTimeout  ──▶ killed
 *   killed ──(backoff 200 ms, doubling to 10 s; reset after 30 s up)──▶ a new supplicant is started
 * </pre>
 *
 * A reply that comes after its caller gave up is dropped; a reply to an id never sent is a
 * protocol error. Cores in a test's JVM start no process and {@link #attach} an in-process
 * supplicant instead, which is not restarted.
 */
public final class SupplicantLink implements ReeClock, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    /** How long a started supplicant has to say HELLO: a JVM boot on a busy machine. */
    static final long HELLO_TIMEOUT_MILLIS = 30_000;
    static final long RESTART_BACKOFF_MIN_MILLIS = 200;
    static final long RESTART_BACKOFF_MAX_MILLIS = 10_000;
    /** A supplicant that ran this long before it ended is restarted after the shortest backoff again. */
    static final long STABLE_MILLIS = 30_000;

    /** One supplicant on the other end: its frames and, for a child process, the process. */
    record Peer(FrameChannel frames, Process process) {
        String name() {
            return process != null ? "supplicant " + process.pid() : "in-process supplicant";
        }

        /** Ends it: a process is killed, an in-process supplicant's channel closed. */
        void kill() {
            if (process != null) {
                process.destroyForcibly();
                return;
            }
            closeFrames();
        }

        void closeFrames() {
            try {
                frames.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the supplicant link: {0}", e.toString());
            }
        }
    }

    /** Starts a supplicant process. */
    interface Launcher {
        Peer start() throws IOException;
    }

    private final long rpcTimeoutMillis;
    private final long writeTimeoutMillis;
    private final ScheduledThreadPoolExecutor timers;
    private final Map<Long, CompletableFuture<Message.InvokeReply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The supplicant that has said HELLO, or null. */
    private volatile Peer current;
    /** The supplicant process running now, greeted or not. */
    private volatile Peer running;
    private volatile boolean unresponsive;
    private volatile boolean closed;

    private SupplicantLink(long rpcTimeoutMillis, long writeTimeoutMillis) {
        this.rpcTimeoutMillis = rpcTimeoutMillis;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.timers = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("jtee-supplicant-timer").unstarted(r));
        timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts a supplicant process serving TA images from {@code taDirectories} and secure
     * storage from {@code storageDirectory} (none if null), and keeps one running.
     */
    public static SupplicantLink launch(List<Path> taDirectories, Path storageDirectory, long rpcTimeoutMillis,
            long writeTimeoutMillis) {
        return launch(new SupplicantLauncher(taDirectories, storageDirectory), rpcTimeoutMillis, writeTimeoutMillis);
    }

    static SupplicantLink launch(Launcher launcher, long rpcTimeoutMillis, long writeTimeoutMillis) {
        SupplicantLink link = new SupplicantLink(rpcTimeoutMillis, writeTimeoutMillis);
        Thread.ofPlatform().daemon().name("jtee-supplicant").start(() -> link.supervise(launcher));
        return link;
    }

    /** A link with no supplicant process: for a core in a test's JVM, which {@link #attach}es one. */
    public static SupplicantLink detached(long rpcTimeoutMillis, long writeTimeoutMillis) {
        return new SupplicantLink(rpcTimeoutMillis, writeTimeoutMillis);
    }

    /**
     * For tests in one JVM: serves a supplicant on {@code channel} (an in-memory pipe pair), which
     * must say HELLO first. It is not restarted when it goes away.
     */
    public void attach(ByteChannel channel) {
        Peer p = new Peer(new FrameChannel(channel), null);
        running = p;
        Thread.ofPlatform().daemon().name("jtee-supplicant-reader").start(() -> serve(p));
    }

    /** Waits up to {@code millis} for a supplicant to complete HELLO; true if one is connected. */
    public synchronized boolean awaitConnected(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (current == null && !closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return current != null;
    }

    private void supervise(Launcher launcher) {
        long backoff = RESTART_BACKOFF_MIN_MILLIS;
        while (!closed) {
            long started = System.nanoTime();
            try {
                Peer p = launcher.start();
                running = p;
                if (closed) {
                    p.kill();
                    return;
                }
                LOG.log(Level.INFO, "started {0}", p.name());
                serve(p);
                reap(p);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot start the supplicant: {0}", e.getMessage());
            }
            if (System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(STABLE_MILLIS)) {
                backoff = RESTART_BACKOFF_MIN_MILLIS;
            }
            if (closed || pause(backoff)) {
                return;
            }
            backoff = Math.min(2 * backoff, RESTART_BACKOFF_MAX_MILLIS);
        }
    }

    /** Waits {@code millis} before the next start; true if the link was closed meanwhile. */
    private boolean pause(long millis) {
        LOG.log(Level.WARNING, "restarting the supplicant in {0} ms", Long.toString(millis));
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void reap(Peer p) {
        if (p.process() == null) {
            return;
        }
        try {
            if (awaitExit(p.process(), 5_000)) {
                LOG.log(Level.INFO, "{0} exited with status {1}", p.name(), Integer.toString(p.process().exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.closeFrames();
    }

    /** Greets {@code p} and reads its replies until it goes away; then it is ended and forgotten. */
    private void serve(Peer p) {
        ScheduledFuture<?> helloLimit = null;
        try {
            helloLimit = deadline(() -> {
                if (current != p) {
                    LOG.log(Level.WARNING, "{0} did not say HELLO within {1} ms: killing it", p.name(), Long.toString(HELLO_TIMEOUT_MILLIS));
                    p.kill();
                }
            }, HELLO_TIMEOUT_MILLIS);
            boolean greeted = greet(p);
            helloLimit.cancel(false);
            if (greeted) {
                readReplies(p);
                if (!closed) {
                    LOG.log(Level.WARNING, "{0} closed the link", p.name());
                }
            }
        } catch (IOException | ProtocolException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "{0}: link lost: {1}", p.name(), e.getMessage() != null ? e.getMessage() : e.toString());
            }
        } finally {
            if (helloLimit != null) {
                helloLimit.cancel(false);
            }
            end(p);
        }
    }

    /**
     * Forgets {@code p}, then kills it: once its link ends, a fresh supplicant's HELLO is never
     * refused as a second one. (A write to {@code p} during HELLO holds the lock; then {@code p} is
     * not yet current, and is only killed.)
     */
    private void end(Peer p) {
        if (current == p) {
            disconnect(p);
        }
        p.kill();
    }

    private boolean greet(Peer p) throws IOException, ProtocolException {
        Frame f = p.frames().read();
        if (f == null) {
            throw new IOException("it closed the link before HELLO");
        }
        synchronized (this) {
            int result = closed || current != null ? TeeResult.BUSY : TeeResult.SUCCESS;
            // the reply first: no RPC may reach the supplicant before it
            if (Handshake.accept(Link.SUPPLICANT, f, result, (id, m) -> write(p, id, m)).result() != TeeResult.SUCCESS) {
                if (!closed) {
                    LOG.log(Level.WARNING, "refused a second supplicant ({0}): one is already connected", p.name());
                }
                return false;
            }
            current = p;
            unresponsive = false;
            notifyAll();
        }
        LOG.log(Level.INFO, "{0} connected", p.name());
        return true;
    }

    private void readReplies(Peer p) throws IOException, ProtocolException {
        Frame f;
        while ((f = p.frames().read()) != null) {
            Link.SUPPLICANT.checkToCore(f.message());
            if (!(f.message() instanceof Message.InvokeReply r) || r.type() != (Wire.RPC | Wire.REPLY)) {
                throw new ProtocolException("a supplicant may only send RPC replies, got " + Wire.typeName(f.message().type()));
            }
            answered(p);
            CompletableFuture<Message.InvokeReply> waiter = pending.remove(f.requestId());
            if (waiter != null) {
                waiter.complete(r);
            } else if (f.requestId() >= 1 && f.requestId() <= nextId.get()) {
                LOG.log(Level.DEBUG, "dropped a late reply to RPC request {0}: its caller had given up", Long.toString(f.requestId()));
            } else {
                throw new ProtocolException("RPC reply to request " + f.requestId() + ", which was never sent");
            }
        }
    }

    /** A frame came from {@code p}: it is alive. */
    private void answered(Peer p) {
        if (unresponsive && current == p) {
            unresponsive = false;
            LOG.log(Level.INFO, "{0} answers again", p.name());
        }
    }

    private synchronized void disconnect(Peer p) {
        if (running == p) {
            running = null;
        }
        if (current != p) {
            return;
        }
        current = null;
        unresponsive = false;
        for (CompletableFuture<Message.InvokeReply> f : pending.values()) {
            f.completeExceptionally(new IOException("the supplicant went away"));
        }
        pending.clear();
    }

    /**
     * Writes one frame to {@code p}, which must take it within the write time limit: a supplicant
     * that does not drain its input is killed, and the write fails.
     */
    private void write(Peer p, long id, Message m) throws IOException {
        ScheduledFuture<?> limit = deadline(() -> {
            LOG.log(Level.WARNING, "{0} did not take a frame within {1} ms: killing it", p.name(), Long.toString(writeTimeoutMillis));
            end(p);
        }, writeTimeoutMillis);
        try {
            p.frames().write(id, m);
        } finally {
            limit.cancel(false);
        }
    }

    /** Runs {@code action} in {@code millis} unless cancelled. */
    private ScheduledFuture<?> deadline(Runnable action, long millis) throws IOException {
        try {
            return timers.schedule(action, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IOException("the supplicant link is closed", e);
        }
    }

    /**
     * Calls the supplicant.
     *
     * @return the reply's written-back parameters
     * @throws TeeException the supplicant's error, or {@code TEE_ERROR_COMMUNICATION} (origin TEE)
     *     when there is no supplicant, it does not answer in time, or it has left an RPC
     *     unanswered and not answered anything since (then at once, without asking it)
     */
    public WireParams call(int command, WireParams params) throws TeeException {
        Message.InvokeReply r = exchange(command, params);
        if (r.result() != TeeResult.SUCCESS) {
            throw failed(command, r);
        }
        return r.params();
    }

    /** The supplicant's error for {@code command}, with its detail (untrusted, made one line) if it gave one. */
    private static TeeException failed(int command, Message.InvokeReply r) {
        return new TeeException(r.result(), ReturnOrigin.TEE, "supplicant failed RPC " + Rpc.name(command)
                + " with " + TeeResult.name(r.result()) + (r.detail() != null ? ": " + Details.oneLine(r.detail()) : ""));
    }

    /**
     * Sends one RPC and returns the supplicant's reply, whatever its result.
     *
     * @throws TeeException {@code TEE_ERROR_COMMUNICATION} if it cannot be sent or is not answered in time
     */
    private Message.InvokeReply exchange(int command, WireParams params) throws TeeException {
        Peer p = current;
        if (p == null) {
            throw communication("no supplicant is connected for RPC " + Rpc.name(command), null);
        }
        if (unresponsive) {
            throw communication("the supplicant is not responding (an RPC went unanswered for " + rpcTimeoutMillis
                    + " ms); RPC " + Rpc.name(command) + " was not sent", null);
        }
        long id = nextId.incrementAndGet();
        CompletableFuture<Message.InvokeReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            write(p, id, new Message.RpcRequest(command, params));
            return reply.get(rpcTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            suspect(p, command);
            throw communication("the supplicant did not answer RPC " + Rpc.name(command) + " within " + rpcTimeoutMillis + " ms", e);
        } catch (IOException | ExecutionException e) {
            throw communication("RPC " + Rpc.name(command) + " to the supplicant failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TeeException(TeeResult.CANCEL, ReturnOrigin.TEE, "interrupted waiting for the supplicant");
        } finally {
            pending.remove(id);
        }
    }

    private static TeeException communication(String message, Throwable cause) {
        return new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, message, cause);
    }

    /** An RPC to {@code p} went unanswered: fail RPCs at once from now on, and find out whether it lives. */
    private void suspect(Peer p, int command) {
        synchronized (this) {
            if (current != p || unresponsive) {
                return;
            }
            unresponsive = true;
        }
        LOG.log(Level.WARNING, "{0} did not answer {1} within {2} ms: RPCs fail at once until it answers; probing it",
                p.name(), Rpc.name(command), Long.toString(rpcTimeoutMillis));
        Thread.ofVirtual().name("jtee-supplicant-probe").start(() -> probe(p));
    }

    /** Sends {@code p} a GET_TIME; a supplicant that does not answer even that is killed. */
    private void probe(Peer p) {
        long id = nextId.incrementAndGet();
        CompletableFuture<Message.InvokeReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            write(p, id, new Message.RpcRequest(Rpc.GET_TIME, timeRequest()));
            reply.get(rpcTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (current == p) {
                LOG.log(Level.WARNING, "{0} did not answer a probe within {1} ms either: killing it", p.name(),
                        Long.toString(rpcTimeoutMillis));
                end(p);
            }
        } catch (IOException | ExecutionException e) {
            LOG.log(Level.DEBUG, "probing {0}: {1}", p.name(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pending.remove(id);
        }
    }

    private static WireParams timeRequest() {
        return WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null, null);
    }

    /** GET_TIME: the REE's clock, checked for sanity (nanoseconds in range, seconds non-negative). */
    @Override
    public Instant now() throws TeeException {
        WireParams out = call(Rpc.GET_TIME, timeRequest());
        if (!(out.get(0) instanceof WireParam.Value v) || v.a() < 0 || v.b() < 0 || v.b() > 999_999_999L) {
            throw new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "supplicant returned a malformed time");
        }
        return Instant.ofEpochSecond(v.a(), v.b());
    }

    /** The largest TA image LOAD_TA fetches: what fits in one reply frame. */
    static final int MAX_IMAGE_BYTES = Wire.MAX_FRAME_BYTES - 1024;

    /** The longest file name LOAD_TA takes back, in UTF-8 bytes: with the largest image it still fits one frame. */
    static final int MAX_FILE_NAME_BYTES = 512;

    /**
     * A TA image as the supplicant served it, unverified.
     *
     * @param file the file it says it read, for the log only (the supplicant is not trusted; one
     *     line, no control characters), or null if it did not say
     */
    public record TaImage(byte[] image, String file) {}

    /**
     * LOAD_TA: the bytes of {@code <uuid>.ta} from the supplicant's TA directories, unverified,
     * and the file they came from.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} if no directory has it, its message
     *     the supplicant's account of where it looked (untrusted, made one line)
     */
    public TaImage loadTa(UUID uuid) throws TeeException {
        Message.InvokeReply r = exchange(Rpc.LOAD_TA, WireParams.of(
                new WireParam.Value(WireParam.VALUE_IN, uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), 0),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, MAX_IMAGE_BYTES, new byte[0]),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, MAX_FILE_NAME_BYTES, new byte[0]), null));
        if (r.result() == TeeResult.ITEM_NOT_FOUND) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                    r.detail() != null ? Details.oneLine(r.detail()) : null);
        }
        if (r.result() != TeeResult.SUCCESS) {
            throw failed(Rpc.LOAD_TA, r);
        }
        WireParams out = r.params();
        if (!(out.get(1) instanceof WireParam.TempMem t) || t.size() != t.data().length) {
            throw new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "supplicant returned a malformed TA image reply");
        }
        String file = out.get(2) instanceof WireParam.TempMem f && f.data().length > 0
                ? Details.oneLine(new String(f.data(), StandardCharsets.UTF_8)) : null;
        return new TaImage(t.data(), file);
    }

    /** Ends the supplicant and stops restarting it. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        stopped.countDown();
        for (Peer p : new Peer[] {running, current}) {
            if (p != null) {
                p.kill();
            }
        }
        timers.shutdownNow();
    }

    /**
     * Waits up to {@code millis} for {@code process} to exit, polling: nothing but this thread's
     * own sleep wakes it, so no JDK process reaper wakes a virtual thread or runs a completion.
     */
    private static boolean awaitExit(Process process, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (process.isAlive()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
