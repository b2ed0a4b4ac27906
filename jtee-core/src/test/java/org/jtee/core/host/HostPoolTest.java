package org.jtee.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jtee.os.ChildProcess;
import org.jtee.tahost.TaInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm pool of TA hosts, with processes that boot in milliseconds ({@link FakeHosts}). */
class HostPoolTest {
    private static final TaInfo SMALL = new TaInfo(false, false, false, 0, 0, "1.0", "");

    @TempDir
    Path dir;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private FakeHosts hosts;
    private HostPool pool;

    @BeforeEach
    void start() throws Exception {
        hosts = new FakeHosts(dir, timers, 5_000);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        hosts.close();
        timers.shutdownNow();
    }

    @Test
    void closeWhileAHostBoots_noHostSurvivesThePool() throws Exception {
        AtomicReference<HostPool> ref = new AtomicReference<>();
        // the pool is closed after its boot checked for that, and before the host is listed
        pool = new HostPool(heap -> {
            while (ref.get() == null) {
                Thread.onSpinWait();
            }
            ref.get().close();
            return hosts.booting(heap);
        }, 1);
        ref.set(pool);
        await(() -> !hosts.started.isEmpty());
        assertTrue(hosts.started.getFirst().waitFor(10_000), "the host started after close was killed");
        assertEquals(0, pool.readyCount());
    }

    @Test
    void concurrentTakes_neverFillThePoolBeyondItsSize() throws Exception {
        pool = new HostPool(hosts::booting, 2);
        await(() -> pool.readyCount() == 2);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Callable<TaHost>> takes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            takes.add(() -> pool.take(SMALL));
        }
        List<Future<TaHost>> taken = threads.invokeAll(takes);
        threads.shutdown();
        for (Future<TaHost> f : taken) {
            f.get().kill("taken by the test");
        }
        await(() -> pool.readyCount() == 2);
        Thread.sleep(HostPool.REFILL_DELAY_MILLIS * 4); // room for any extra refill to land
        long pooled = hosts.started.stream().filter(ChildProcess::isAlive).count();
        assertEquals(2, pooled, "hosts alive besides those taken: the pool's size, no more");
    }

    @Test
    void pooledHostThatDies_isNotCountedReady_andIsReplaced() throws Exception {
        pool = new HostPool(hosts::booting, 1);
        await(() -> pool.readyCount() == 1);
        ChildProcess first = hosts.started.getFirst();
        first.kill();
        assertTrue(first.waitFor(10_000));
        await(() -> hosts.started.size() == 2 && pool.readyCount() == 1);
        assertEquals(2, hosts.started.size(), "a new host replaced the dead one");
        TaHost h = pool.take(SMALL);
        assertTrue(h.isAlive());
        assertFalse(h.pid() == first.pid());
    }

    @Test
    void take_ofATaWithAHostOfItsOwn_startsThatHost_andLeavesThePoolAlone() throws Exception {
        UUID debugged = UUID.randomUUID();
        pool = new HostPool(new HostPool.Launcher() {
            @Override
            public TaHost start(long heapBytes) throws java.io.IOException {
                return hosts.booting(heapBytes);
            }

            @Override
            public TaHost startFor(UUID ta, long heapBytes) throws java.io.IOException {
                return ta.equals(debugged) ? hosts.booting(heapBytes) : null;
            }
        }, 1);
        await(() -> pool.readyCount() == 1);
        ChildProcess pooled = hosts.started.getFirst();

        TaHost own = pool.take(debugged, SMALL);
        assertFalse(own.pid() == pooled.pid(), "a host of its own");
        assertEquals(1, pool.readyCount(), "the pooled host still waits");
        assertEquals(pooled.pid(), pool.take(UUID.randomUUID(), SMALL).pid(), "another TA gets the pooled host");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
    }
}
