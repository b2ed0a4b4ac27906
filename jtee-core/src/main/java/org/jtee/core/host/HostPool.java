package org.jtee.core.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jtee.protocol.Message;
import org.jtee.tahost.TaInfo;

/**
 * TA hosts booted ahead of need, so that opening a session to a TA that is not running does not
 * wait for a JVM to start: a pooled host has already booted, hardened itself and said HELLO. Each
 * host taken is replaced in the background. A TA whose {@code gpd.ta.dataSize} needs more heap
 * than a pooled host has gets a host of its own, started then ("cold"), and so does a TA the core
 * debugs on a port of its own ({@link Launcher#startFor}).
 *
 * <p>Invariants, each kept under the pool's monitor: hosts ready plus hosts booting for the pool
 * never exceed its size (a refill reserves what it boots); a pooled host that exits leaves the
 * pool at once and is replaced; and once {@link #close} has run, no host lives on — one that
 * finishes starting afterwards is killed before anyone can take it.
 */
public final class HostPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** How long a refill waits after a host was taken. */
    static final long REFILL_DELAY_MILLIS = 50;

    /** Starts a host process with a given heap ({@link HostLauncher#start}). */
    public interface Launcher {
        TaHost start(long heapBytes) throws IOException;

        /** A host of {@code ta}'s own, not from the pool, or null if a pooled one will do ({@link HostLauncher#startFor}). */
        default TaHost startFor(UUID ta, long heapBytes) throws IOException {
            return null;
        }
    }

    private interface Start {
        TaHost start() throws IOException;
    }

    private final Launcher launcher;
    private final int size;
    private final ConcurrentLinkedDeque<TaHost> ready = new ConcurrentLinkedDeque<>();
    /** Hosts booting for the pool; guarded by {@code this}. */
    private int starting;
    /** Every host started and not known to have exited, to end them with the core; guarded by {@code this}. */
    private final Set<TaHost> live = new HashSet<>();
    private volatile boolean closed;
    /** What hosts booted for the pool from now on are prepared with (the last dynamic TA loaded), or null. */
    private volatile Message.LoadTa prime;

    /** A pool that keeps {@code size} hosts from {@code launcher} booted ahead of need. */
    public HostPool(Launcher launcher, int size) {
        this.launcher = launcher;
        this.size = size;
        refillAfter(0);
    }

    /**
     * Hosts booted for the pool from now on also define and link the classes of this TA, ahead
     * of need, running none of its code (LOAD_TA with {@code prepareOnly}): the next open of the
     * same TA finds them ready. Another TA's open takes such a host as any other. Only for a TA
     * whose heap a pooled host has.
     */
    public void prime(TaInfo info, Message.LoadTa load) {
        if (HostLauncher.heapBytesFor(info) <= HostLauncher.POOL_HEAP_BYTES) {
            prime = new Message.LoadTa(load.ta(), load.stackBytes(), load.jar(), load.teeProperties(), true);
        }
    }

    /**
     * A booted host for TA {@code ta}: one of its own if the launcher starts it one (a debuggable
     * TA's), else as {@link #take(TaInfo)}. Every debuggable host taken is logged with its port.
     */
    public TaHost take(UUID ta, TaInfo info) throws IOException {
        long heap = Math.max(HostLauncher.heapBytesFor(info), HostLauncher.POOL_HEAP_BYTES);
        TaHost h = boot(() -> launcher.startFor(ta, heap), ta);
        if (h == null) {
            h = take(info);
        }
        if (h.debugging() != null) {
            LOG.log(Level.WARNING, "TA {0} is debuggable on port {1} (TA host {2})", ta,
                    Integer.toString(h.debugging().port()), Long.toString(h.pid()));
        }
        return h;
    }

    /** A booted host with heap enough for {@code info}: a pooled one if it fits, else a new one. */
    public TaHost take(TaInfo info) throws IOException {
        long heap = HostLauncher.heapBytesFor(info);
        if (heap <= HostLauncher.POOL_HEAP_BYTES) {
            TaHost h;
            while ((h = ready.poll()) != null) {
                refillAfter(REFILL_DELAY_MILLIS);
                if (h.isAlive()) {
                    return h;
                }
            }
            heap = HostLauncher.POOL_HEAP_BYTES;
        }
        long bytes = heap;
        return boot(() -> launcher.start(bytes), null);
    }

    /**
     * Starts a host and waits for its HELLO; null if {@code start} starts none. A host of TA
     * {@code ta} (null: a host not yet given a TA) that waits for its debugger before it runs is
     * logged, and waited for as long as it takes.
     */
    private TaHost boot(Start start, UUID ta) throws IOException {
        if (closed) {
            throw new IOException("the core is shutting down");
        }
        TaHost h = start.start();
        if (h == null) {
            return null;
        }
        synchronized (this) {
            if (!closed) {
                live.add(h);
            }
        }
        h.onExit(() -> forget(h));
        if (closed) {
            h.kill("the core is shutting down");
            throw new IOException("the core is shutting down");
        }
        if (ta != null && h.debugging() != null && h.debugging().suspend()) {
            LOG.log(Level.WARNING, "TA {0} is waiting for a debugger on port {1} (TA host {2}); "
                    + "the client''s open waits until one attaches", ta, Integer.toString(h.debugging().port()),
                    Long.toString(h.pid()));
        }
        try {
            h.awaitHello();
        } catch (IOException e) {
            h.kill("it did not boot");
            throw e;
        }
        return h;
    }

    /** A host exited: it is no longer live, and if it waited in the pool, it is replaced. */
    private void forget(TaHost h) {
        synchronized (this) {
            live.remove(h);
        }
        if (ready.remove(h)) {
            refillAfter(REFILL_DELAY_MILLIS);
        }
    }

    /**
     * Boots hosts until the pool is full again, after {@code delayMillis}: a host taken is busy
     * loading its TA for the next few milliseconds, and a JVM booting beside it on a small machine
     * would take the CPU it needs.
     */
    private void refillAfter(long delayMillis) {
        for (int n = reserve(); n > 0; n--) {
            // a platform thread: it blocks in a downcall (recv) while the host boots, which would pin a carrier
            Thread.ofPlatform().daemon().name("jtee-host-pool").start(() -> bootForPool(delayMillis));
        }
    }

    /** How many hosts to boot for the pool now, counted as starting. */
    private synchronized int reserve() {
        if (closed) {
            return 0;
        }
        int n = Math.max(0, size - ready.size() - starting);
        starting += n;
        return n;
    }

    private void bootForPool(long delayMillis) {
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            TaHost h = boot(() -> launcher.start(HostLauncher.POOL_HEAP_BYTES), null);
            Message.LoadTa p = prime;
            if (p != null && !h.prepare(p)) {
                h.kill("it could not prepare TA " + p.ta());
                throw new IOException("a pooled host could not prepare TA " + p.ta());
            }
            synchronized (this) {
                starting--;
                ready.add(h);
            }
            if (closed) {
                ready.remove(h);
                h.kill("the core is shutting down");
            } else if (!h.isAlive() && ready.remove(h)) { // it died before it was listed
                refillAfter(REFILL_DELAY_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unreserve();
        } catch (IOException | RuntimeException e) {
            unreserve();
            if (!closed) {
                LOG.log(Level.WARNING, "could not boot a TA host for the pool: {0}", e.getMessage());
            }
        }
    }

    private synchronized void unreserve() {
        starting--;
    }

    /** How many booted, live hosts wait in the pool now. */
    public int readyCount() {
        int n = 0;
        for (TaHost h : ready) {
            n += h.isAlive() ? 1 : 0;
        }
        return n;
    }

    /** Kills every host that has not taken a frame within its write limit ({@link TaHost#enforceWriteLimit}). */
    public void enforceWriteLimits() {
        long now = System.nanoTime();
        for (TaHost h : snapshot()) {
            h.enforceWriteLimit(now);
        }
    }

    private synchronized List<TaHost> snapshot() {
        return new ArrayList<>(live);
    }

    /** Ends every host, pooled or running a TA, and every host still starting once it has started. */
    @Override
    public void close() {
        List<TaHost> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(live);
        }
        for (TaHost h : all) {
            h.process().kill();
        }
        ready.clear();
    }
}
