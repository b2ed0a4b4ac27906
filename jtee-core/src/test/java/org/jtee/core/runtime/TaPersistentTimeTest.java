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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaPersistentTimeTest {
    private static final UUID TA = UUID.fromString("5b9e0e40-2636-11e1-ad9e-0002a5d5c51b");
    private static final UUID OTHER = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    @TempDir
    Path dir;
    private LocalStores stores;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_123L);
    private TaPersistentTime times;

    @BeforeEach
    void load() throws Exception {
        stores = LocalStores.open(dir);
        times = open();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    /** The times as a core (re)started now finds them. */
    private TaPersistentTime open() {
        return TaPersistentTime.open(stores.objects(), stores.stateDirectory(), clock::get);
    }

    private TaPersistentTime open(java.util.function.LongSupplier clockMillis) {
        return TaPersistentTime.open(stores.objects(), stores.stateDirectory(), clockMillis);
    }

    private Path legacyFile() {
        return stores.stateDirectory().resolve(TaPersistentTime.LEGACY_FILE);
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
        stores.restart();
        TaPersistentTime reloaded = open();
        assertEquals(new TeeTime(110, 250), reloaded.get(TA));
        assertEquals(new TeeTime(17, 0), reloaded.get(OTHER));
    }

    @Test
    void aSet_isOneCommit() throws Exception {
        times.set(TA, new TeeTime(1, 0));
        long before = ((org.jtee.storage.LogStore) stores.storage().ree()).commitSequence();
        times.set(TA, new TeeTime(2, 0));
        assertEquals(before + 1, ((org.jtee.storage.LogStore) stores.storage().ree()).commitSequence());
    }

    @Test
    void theOldFile_isImported_thenDeleted_andTheTimesOutliveTheCore() throws Exception {
        Files.writeString(legacyFile(), TA + " 5000\n" + OTHER + " -123\n");
        TaPersistentTime imported = open();
        clock.set(1_000);
        assertEquals(new TeeTime(6, 0), imported.get(TA));
        assertEquals(new TeeTime(0, 877), imported.get(OTHER));
        assertTrue(Files.notExists(legacyFile()), "the old file is gone once imported");
        stores.restart();
        assertEquals(new TeeTime(6, 0), open().get(TA));
    }

    /** A crash after the import and before the delete leaves the file: a stored time is newer and wins. */
    @Test
    void theOldFileImportedAgain_asAfterACrashBeforeItsDelete_doesNotUndoALaterSet() throws Exception {
        String old = TA + " 5000\n";
        Files.writeString(legacyFile(), old);
        TaPersistentTime first = open();
        first.set(TA, new TeeTime(42, 0));
        Files.writeString(legacyFile(), old);
        stores.restart();
        assertEquals(new TeeTime(42, 0), open().get(TA));
        assertTrue(Files.notExists(legacyFile()));
    }

    @Test
    void aDamagedOldFile_makesEveryTaReset_untilItSetsItsTimeAgain_acrossRestarts() throws Exception {
        Files.writeString(legacyFile(), "5b9e0e40-2636-11e1-ad9e-0002a5d5c51b five\n");
        TaPersistentTime damaged = open();
        assertEquals(TeeResult.TIME_NEEDS_RESET, resultOf(assertThrows(TeeException.class, () -> damaged.get(TA))));
        damaged.set(TA, new TeeTime(9, 0));
        assertEquals(new TeeTime(9, 0), damaged.get(TA));
        stores.restart();
        TaPersistentTime again = open();
        assertEquals(new TeeTime(9, 0), again.get(TA));
        assertEquals(TeeResult.TIME_NEEDS_RESET, resultOf(assertThrows(TeeException.class, () -> again.get(OTHER))));
        assertTrue(Files.notExists(legacyFile()));
    }

    @Test
    void anOldFileSayingNeedsReset_carriesOver() throws Exception {
        Files.writeString(legacyFile(), "needs-reset\n" + TA + " 0\n");
        stores.restart();
        TaPersistentTime imported = open();
        assertEquals(TeeResult.TIME_NEEDS_RESET, resultOf(assertThrows(TeeException.class, () -> imported.get(OTHER))));
        imported.get(TA);
    }

    @Test
    void withoutTheSupplicant_getFailsWithTheStoresError_andWorksOnceItAnswers() throws Exception {
        times.set(TA, new TeeTime(5, 0));
        stores.restart();
        stores.setAvailable(false);
        TaPersistentTime later = open();
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, resultOf(assertThrows(TeeException.class, () -> later.get(TA))));
        assertEquals(TeeResult.STORAGE_NO_SPACE,
                resultOf(assertThrows(TeeException.class, () -> later.set(TA, new TeeTime(6, 0)))));
        stores.setAvailable(true);
        assertEquals(new TeeTime(5, 0), later.get(TA));
    }

    @Test
    void get_whileASetIsUnderWay_doesNotWaitForIt() throws Exception {
        times.set(TA, new TeeTime(5, 0));
        CountDownLatch setting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> setter = new AtomicReference<>();
        TaPersistentTime slow = open(() -> {
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
        stores.setAvailable(false);
        assertEquals(TeeResult.STORAGE_NO_SPACE,
                resultOf(assertThrows(TeeException.class, () -> times.set(TA, new TeeTime(50, 0)))));
        assertEquals(new TeeTime(5, 0), times.get(TA));
        assertEquals(TeeResult.STORAGE_NO_SPACE,
                resultOf(assertThrows(TeeException.class, () -> times.set(OTHER, new TeeTime(50, 0)))));
        assertEquals(TeeResult.TIME_NOT_SET, resultOf(assertThrows(TeeException.class, () -> times.get(OTHER))));
    }
}
