package org.jtee.core.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TA hosts booted ahead of need, so that opening a session to a TA that is not running does not
 * wait for a JVM to start: a pooled host has already booted, hardened itself and said HELLO. Each
 * host taken is replaced in the background. A TA whose {@code gpd.ta.dataSize} needs more heap
 * than a pooled host has gets a host of its own, started then ("cold").
 */
final class HostPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** How long a refill waits after a host was taken. */
    static final long REFILL_DELAY_MILLIS = 50;

    private final HostLauncher launcher;
    private final int size;
    private final ConcurrentLinkedDeque<TaHost> ready = new ConcurrentLinkedDeque<>();
    private final AtomicInteger starting = new AtomicInteger();
    /** Every host started and not known to have exited, to end them with the core. */
    private final Set<TaHost> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HostPool(HostLauncher launcher, int size) {
        this.launcher = launcher;
        this.size = size;
        refill();
    }

    /** A booted host with heap enough for {@code info}: a pooled one if it fits, else a new one. */
    TaHost take(TaInfo info) throws IOException {
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
        return boot(heap);
    }

    private TaHost boot(long heapBytes) throws IOException {
        if (closed) {
            throw new IOException("the core is shutting down");
        }
        TaHost h = launcher.start(heapBytes);
        live.add(h);
        h.process().onExit().thenRun(() -> live.remove(h));
        try {
            h.awaitHello();
        } catch (IOException e) {
            h.kill("it did not boot");
            throw e;
        }
        return h;
    }

    private void refill() {
        refillAfter(0);
    }

    /**
     * Boots hosts until the pool is full again, after {@code delayMillis}: a host taken is busy
     * loading its TA for the next few milliseconds, and a JVM booting beside it on a small machine
     * would take the CPU it needs.
     */
    private void refillAfter(long delayMillis) {
        while (!closed && ready.size() + starting.get() < size) {
            starting.incrementAndGet();
            Thread.ofVirtual().name("jtee-host-pool").start(() -> {
                try {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    ready.add(boot(HostLauncher.POOL_HEAP_BYTES));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "could not boot a TA host for the pool: {0}", e.getMessage());
                } finally {
                    starting.decrementAndGet();
                }
            });
        }
    }

    /** How many booted hosts wait in the pool now. */
    int readyCount() {
        return ready.size();
    }

    /** Ends every host, pooled or running a TA. */
    @Override
    public void close() {
        closed = true;
        for (TaHost h : live) {
            h.process().destroyForcibly();
        }
        ready.clear();
    }
}
