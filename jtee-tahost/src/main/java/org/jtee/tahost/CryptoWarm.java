package org.jtee.tahost;

import java.io.PrintStream;
import org.jtee.crypto.CryptoWarmup;

/**
 * GP crypto's warm-up ({@link CryptoWarmup}) on a thread of its own, from the moment the host has
 * said HELLO until it is given its TA: a pooled host compiles the common algorithms while it
 * waits, so its TA's first operations run at full speed; a host started for a waiting client
 * stops it at once and loses nothing but the few milliseconds of the step it was in.
 */
final class CryptoWarm {
    private volatile boolean stopped;

    private CryptoWarm() {}

    static CryptoWarm start(PrintStream log) {
        CryptoWarm warm = new CryptoWarm();
        Thread t = new Thread(() -> {
            try {
                CryptoWarmup.run(() -> warm.stopped);
            } catch (RuntimeException e) {
                log.println("jtee-host: crypto warm-up failed (the host still works, its first crypto only slower): " + e);
            }
        }, "crypto-warmup");
        t.setDaemon(true);
        t.start();
        return warm;
    }

    /** Ends the warm-up at its next step; the host's TA is about to run. */
    void stop() {
        stopped = true;
    }
}
