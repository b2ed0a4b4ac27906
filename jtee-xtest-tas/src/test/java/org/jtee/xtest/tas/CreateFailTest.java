package org.jtee.xtest.tas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.jtee.xtest.ta.common.XtestTaUuids.CREATE_FAIL_TEST;
import static org.jtee.xtest.ta.common.XtestTaUuids.SUBKEY1;

import java.nio.file.Path;
import java.util.List;
import org.jtee.client.TeeSession;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.InstanceLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create_fail_test as xtest 1008 ("Create session fail") uses it, in a core that allows one
 * instance and one host in all and starts hosts on demand: an instance left behind by a failed
 * open would be seen in the count of host processes, and would use up the limits.
 */
class CreateFailTest {
    private static final int LIMIT = 1;
    private static final long WAIT_NANOS = 30_000_000_000L;

    @TempDir
    static Path home;
    static XtestTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.start(home, List.of(), loading -> loading.withHostPool(0)
                .withInstanceLimits(new InstanceLimits(LIMIT, LIMIT, LIMIT, LIMIT)));
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    @Test
    void open_createEntryPointFails_generic_andLeavesNoInstanceBehind() throws Exception {
        long hostsBefore = XtestTee.hostProcesses();
        for (int i = 0; i < LIMIT + 1; i++) {
            TeeException e = assertThrows(TeeException.class, () -> tee.open(CREATE_FAIL_TEST));
            assertEquals(TeeResult.GENERIC, e.result(), "attempt " + i + ": " + e.getMessage());
        }
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (XtestTee.hostProcesses() > hostsBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(hostsBefore, XtestTee.hostProcesses(), "the hosts of the failed instances ended");
        try (TeeSession s = tee.open(SUBKEY1)) {
            assertEquals(hostsBefore + LIMIT, XtestTee.hostProcesses(), "the limits are free for another TA's instance");
        }
    }
}
