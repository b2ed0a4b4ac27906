package org.jtee.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The log of a running TEE, {@code <home>/log/jtee.log}: the lines {@code jtee up} shows — the
 * core's, its supplicant's and its TA hosts' (they all write to the core's output) — and its own.
 * Bounded: a line that would take the file past {@code capBytes} first moves it to
 * {@code jtee.log.1} (replacing the one before), so the log never holds more than about twice the
 * cap, however much a TA logs. A line longer than {@link #MAX_LINE_BYTES} is cut there.
 *
 * <p>Each line is written at once (no buffer to lose when the process is killed). The directory
 * and the files are the owner's only: TA log lines are the TA's business. Thread-safe.
 */
final class LogFile implements AutoCloseable {
    /** Where {@code jtee.log} goes once it reaches this size. */
    static final long DEFAULT_CAP_BYTES = 4L << 20;
    /** The longest line kept; the rest of a longer one is dropped. */
    static final int MAX_LINE_BYTES = 16 << 10;
    static final String NAME = "jtee.log";

    private final Path file;
    private final Path previous;
    private final long capBytes;
    private FileChannel channel;
    private long size;
    private boolean closed;

    private LogFile(Path file, long capBytes) throws IOException {
        this.file = file;
        this.previous = rotated(file);
        this.capBytes = capBytes;
        this.channel = openForAppend(file);
        this.size = channel.size();
    }

    /** {@code <home>/log/jtee.log}. */
    static Path under(Path home) {
        return home.resolve("log").resolve(NAME);
    }

    /** Where {@code file} goes when it is full: {@code jtee.log.1}. */
    static Path rotated(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    /** Opens {@code file} for appending (creating it and its directory), moving it away at {@code capBytes}. */
    static LogFile open(Path file, long capBytes) throws IOException {
        if (capBytes < MAX_LINE_BYTES + 1) {
            throw new IllegalArgumentException("a log cap of " + capBytes + " bytes is below the longest line, "
                    + (MAX_LINE_BYTES + 1));
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return new LogFile(file, capBytes);
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /**
     * Appends {@code line} and a newline, cut to {@link #MAX_LINE_BYTES}; rotates first if it
     * would take the file past the cap. Nothing happens once closed.
     */
    synchronized void append(String line) throws IOException {
        if (closed) {
            return;
        }
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, MAX_LINE_BYTES);
        if (size > 0 && size + length + 1 > capBytes) {
            rotate();
        }
        ByteBuffer b = ByteBuffer.allocate(length + 1).put(utf8, 0, length).put((byte) '\n').flip();
        while (b.hasRemaining()) {
            size += channel.write(b);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = openForAppend(file);
        size = 0;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }

    /**
     * A stream that passes everything through to {@code terminal} unchanged and appends each line
     * to this log. Characters are encoded as {@code terminal} encodes them. A failure to write the
     * log is reported once on {@code terminal}; the terminal output goes on.
     */
    PrintStream alongside(PrintStream terminal) {
        Charset charset = terminal.charset();
        return new PrintStream(new Lines(terminal, charset), true, charset);
    }

    /** Splits what passes through into lines for the log. */
    private final class Lines extends OutputStream {
        private final PrintStream terminal;
        private final Charset charset;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean failed;

        Lines(PrintStream terminal, Charset charset) {
            this.terminal = terminal;
            this.charset = charset;
        }

        @Override
        public synchronized void write(int b) {
            terminal.write(b);
            collect(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            terminal.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                collect(bytes[i]);
            }
        }

        @Override
        public void flush() {
            terminal.flush();
        }

        private void collect(int b) {
            if (b == '\n') {
                String text = line.toString(charset);
                line.reset();
                log(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            } else if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            }
        }

        private void log(String text) {
            try {
                append(text);
            } catch (IOException e) {
                if (!failed) {
                    failed = true;
                    terminal.println("jtee: cannot write the log " + file + ": " + CommandFailure.describe(e)
                            + " (the lines still show here)");
                }
            }
        }
    }
}
