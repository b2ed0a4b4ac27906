package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TeeTime;
import org.jtee.ta.TimeOverflowException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaPersistentTimeTest {
    private static final UUID TA = UUID.fromString("5b9e0e40-2636-11e1-ad9e-0002a5d5c51b");
    private static final UUID OTHER = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    @TempDir
    Path state;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_123L);
    private TaPersistentTime times;

    @BeforeEach
    void load() throws Exception {
        times = TaPersistentTime.load(state, clock::get);
    }

    private static int resultOf(TeeException e) {
        return e.result();
    }

    @Test
    void aTaThatNeverSetItsTime_getsTimeNotSet() {
        assertEquals(TeeResult.TIME_NOT_SET, resultOf(assertThrows(TeeException.class, () -> times.get(TA))));
    }

    @Test
    void theTime_runsOnWithTheSystemClock_fromWhereTheTaSetIt() throws Exception {
        times.set(TA, new TeeTime(0, 0));
        assertEquals(new TeeTime(0, 0), times.get(TA));
        clock.addAndGet(61_500);
        assertEquals(new TeeTime(61, 500), times.get(TA));
        assertEquals(TeeResult.TIME_NOT_SET, resultOf(assertThrows(TeeException.class, () -> times.get(OTHER))),
                "each TA has its own");
    }

    @Test
    void pastTwoToThe32Seconds_overflow_withTheWrappedTimeFilledIn() throws Exception {
        times.set(TA, new TeeTime(TeeTime.MAX_SECONDS, 999));
        clock.addAndGet(1_000);
        TimeOverflowException e = assertThrows(TimeOverflowException.class, () -> times.get(TA));
        assertEquals(TeeResult.OVERFLOW, e.result());
        assertEquals(new TeeTime(0, 999), e.time());
    }

    @Test
    void aClockThatWentBackPastTheOrigin_wrapsToo() throws Exception {
        times.set(TA, new TeeTime(1, 0));
        clock.addAndGet(-2_000);
        assertEquals(new TeeTime(TeeTime.MAX_SECONDS, 0), assertThrows(TimeOverflowException.class, () -> times.get(TA)).time());
    }

    @Test
    void theTimes_outliveTheCore() throws Exception {
        times.set(TA, new TeeTime(100, 250));
        times.set(OTHER, new TeeTime(7, 0));
        clock.addAndGet(10_000);
        TaPersistentTime reloaded = TaPersistentTime.load(state, clock::get);
        assertEquals(new TeeTime(110, 250), reloaded.get(TA));
        assertEquals(new TeeTime(17, 0), reloaded.get(OTHER));
    }

    @Test
    void aDamagedFile_makesEveryTaReset_untilItSetsItsTimeAgain_acrossRestarts() throws Exception {
        times.set(TA, new TeeTime(5, 0));
        Files.writeString(state.resolve(TaPersistentTime.FILE_NAME), "5b9e0e40-2636-11e1-ad9e-0002a5d5c51b five\n");
        TaPersistentTime damaged = TaPersistentTime.load(state, clock::get);
        assertEquals(TeeResult.TIME_NEEDS_RESET, resultOf(assertThrows(TeeException.class, () -> damaged.get(TA))));
        damaged.set(TA, new TeeTime(9, 0));
        assertEquals(new TeeTime(9, 0), damaged.get(TA));
        TaPersistentTime again = TaPersistentTime.load(state, clock::get);
        assertEquals(new TeeTime(9, 0), again.get(TA));
        assertEquals(TeeResult.TIME_NEEDS_RESET, resultOf(assertThrows(TeeException.class, () -> again.get(OTHER))));
    }

    @Test
    void get_whileASetIsUnderWay_doesNotWaitForIt() throws Exception {
        times.set(TA, new TeeTime(5, 0));
        CountDownLatch setting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> setter = new AtomicReference<>();
        TaPersistentTime slow = TaPersistentTime.load(state, () -> {
            if (Thread.currentThread() == setter.get()) { // the set stalls here, holding what it holds
                setting.countDown();
                awaitUninterruptibly(release);
            }
            return clock.get();
        });
        Thread t = Thread.ofPlatform().unstarted(() -> setQuietly(slow, OTHER, new TeeTime(7, 0)));
        setter.set(t);
        t.start();
        try {
            assertTrue(setting.await(5, TimeUnit.SECONDS));
            assertEquals(new TeeTime(5, 0), assertTimeoutPreemptively(Duration.ofSeconds(2), () -> slow.get(TA)));
        } finally {
            release.countDown();
            t.join();
        }
        assertEquals(new TeeTime(7, 0), slow.get(OTHER));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void setQuietly(TaPersistentTime times, UUID ta, TeeTime time) {
        try {
            times.set(ta, time);
        } catch (TeeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTimeThatCannotBeStored_storageNoSpace_andTheOldTimeStays() throws Exception {
        times.set(TA, new TeeTime(5, 0));
        Files.createDirectory(state.resolve(TaPersistentTime.FILE_NAME + ".tmp")); // the write cannot open it
        assertEquals(TeeResult.STORAGE_NO_SPACE,
                resultOf(assertThrows(TeeException.class, () -> times.set(TA, new TeeTime(50, 0)))));
        assertEquals(new TeeTime(5, 0), times.get(TA));
        assertEquals(TeeResult.STORAGE_NO_SPACE,
                resultOf(assertThrows(TeeException.class, () -> times.set(OTHER, new TeeTime(50, 0)))));
        assertEquals(TeeResult.TIME_NOT_SET, resultOf(assertThrows(TeeException.class, () -> times.get(OTHER))));
    }
}
