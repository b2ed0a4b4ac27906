package org.jtee.tatest;

import java.nio.file.Path;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;

/**
 * The TEE a {@link TeeTest} runs against, for a test method (or a lifecycle method) that asks for
 * it as a parameter.
 */
public interface TestTee {
    /** Where the TAs run: the values of {@value TeeExtension#TARGET}. */
    enum Mode {
        /** A jtee core in the test JVM, one per test class, with the TAs under test built in. */
        IN_PROCESS("in-process"),
        /** The running jtee at {@value TeeExtension#SOCKET}, or at the client's default socket. */
        RUNNING("running");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        /** The value of {@value TeeExtension#TARGET} that selects this mode. */
        public String value() {
            return value;
        }

        /**
         * The mode {@code value} names; null or blank is {@link #IN_PROCESS}.
         *
         * @throws IllegalArgumentException for any other value, naming the ones there are
         */
        public static Mode of(String value) {
            if (value == null || value.isBlank()) {
                return IN_PROCESS;
            }
            for (Mode m : values()) {
                if (m.value.equals(value.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException(TeeExtension.TARGET + " is '" + value + "'; use " + IN_PROCESS.value
                    + " (the default) or " + RUNNING.value);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Where the TAs run. */
    Mode mode();

    /** The socket clients of this TEE connect to. */
    Path clientSocket();

    /**
     * A further context, a client of its own (another connection), closed with the test's own
     * context after the test (after the class, if opened in a {@code @BeforeAll} method).
     *
     * @throws TeeException as {@link TeeContext#open(Path)}
     */
    TeeContext openContext() throws TeeException;
}
