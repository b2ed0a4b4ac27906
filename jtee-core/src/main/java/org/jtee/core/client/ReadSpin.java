package org.jtee.core.client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jtee.os.UnixConnection;

/**
 * How a client connection's reader waits for its next frame: first by polling the socket without
 * sleeping, for up to {@code jtee.core.readSpinMicros} (default {@value #DEFAULT_MICROS} µs; 0
 * turns it off), then asleep in the read. A client that calls again and again (a PKCS#11
 * consumer: C_SignInit, C_Sign, C_SignInit…) sends its next request within microseconds of the
 * last reply; a reader that slept for it would be woken by the kernel, and on a virtual machine
 * waking a thread whose CPU has halted costs 10–40 µs, several times the call itself. One reader
 * at a time spins, the others sleep at once, so the core never burns more than one CPU on it
 * whatever the number of connections, and a spin costs at most the bound per frame read.
 */
final class ReadSpin {
    static final long DEFAULT_MICROS = 200;
    static final long NANOS = Math.max(0, Long.getLong("jtee.core.readSpinMicros", DEFAULT_MICROS)) * 1000;
    private static final AtomicBoolean SPINNING = new AtomicBoolean();

    private ReadSpin() {}

    /** Spins on {@code socket} until it has input or the bound passes, if no other reader is spinning. */
    static void await(UnixConnection socket) throws IOException {
        if (NANOS == 0 || !SPINNING.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.spinUntilReadable(NANOS);
        } finally {
            SPINNING.set(false);
        }
    }
}
