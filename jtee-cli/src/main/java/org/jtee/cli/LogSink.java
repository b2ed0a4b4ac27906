package org.jtee.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/** Where child-process log lines go when nobody asked to see them. */
final class LogSink {
    private LogSink() {}

    static PrintStream discard() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
