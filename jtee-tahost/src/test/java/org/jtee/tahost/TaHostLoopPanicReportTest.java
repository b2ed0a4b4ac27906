package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jtee.protocol.Wire;
import org.junit.jupiter.api.Test;

class TaHostLoopPanicReportTest {
    @Test
    void panicReport_isTheStackTrace_withItsCauses() {
        String report = TaHostLoop.panicReport(new IllegalStateException("boom", new IllegalArgumentException("the cause")));
        assertTrue(report.startsWith("java.lang.IllegalStateException: boom\n\tat org.jtee.tahost.TaHostLoopPanicReportTest."),
                report);
        assertTrue(report.contains("\nCaused by: java.lang.IllegalArgumentException: the cause\n"), report);
    }

    @Test
    void panicReport_ofADeepStack_isCutTo16KiB_withANote() {
        String report = TaHostLoop.panicReport(deep(3000));
        assertTrue(report.getBytes(StandardCharsets.UTF_8).length <= Wire.MAX_PANIC_REPORT_BYTES, "" + report.length());
        assertTrue(report.matches("(?s)java.lang.StackOverflowError.* \\[cut: \\d+ bytes in all\\]"),
                report.substring(report.length() - 100));
    }

    @Test
    void panicReport_ofAThrowableWhoseMessageThrows_isStillMade() {
        Throwable t = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }
        };
        String report = TaHostLoop.panicReport(t);
        assertTrue(report.contains("the trace stops here: printing it threw java.lang.IllegalStateException"), report);
    }

    private static StackOverflowError deep(int frames) {
        try {
            recurse(frames);
            throw new AssertionError("not reached");
        } catch (StackOverflowError e) {
            return e;
        }
    }

    private static void recurse(int left) {
        if (left == 0) {
            throw new StackOverflowError();
        }
        recurse(left - 1);
    }
}
