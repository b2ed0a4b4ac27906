package org.jtee.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Reads a {@link LogFile} as {@code tail -n N -F} does: the last lines, taking the older ones from
 * {@code jtee.log.1} when {@code jtee.log} has fewer, then each line as it is written, across
 * rotations (the rest of the file that was moved away is read to its end before the new one).
 * Only whole lines are printed. Not thread-safe: one reader per follower.
 */
final class LogFollower {
    private static final int CHUNK_BYTES = 64 << 10;
    private static final long POLL_MILLIS = 200;

    private final Path file;
    private final PrintStream out;
    /** The file being followed, its identity, and the offset after the last byte read. */
    private FileChannel channel;
    private Object key;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** What {@link #readNew} reads into, every poll. */
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);

    LogFollower(Path file, PrintStream out) {
        this.file = file;
        this.out = out;
    }

    /** True if there is a log at all ({@code jtee.log} or {@code jtee.log.1}). */
    boolean exists() {
        return Files.isRegularFile(file) || Files.isRegularFile(LogFile.rotated(file));
    }

    /** Prints the last {@code n} whole lines; {@link #follow()} goes on after them. */
    void printLast(int n) throws IOException {
        List<String> lines = new ArrayList<>();
        if (openCurrent()) {
            long end = lastLineEnd(channel, channel.size());
            lines.addAll(lastLines(channel, end, n));
            position = end;
        }
        if (lines.size() < n && Files.isRegularFile(LogFile.rotated(file))) {
            try (FileChannel older = FileChannel.open(LogFile.rotated(file))) {
                lines.addAll(0, lastLines(older, lastLineEnd(older, older.size()), n - lines.size()));
            } catch (NoSuchFileException e) {
                // rotated away meanwhile: what is left is in jtee.log
            }
        }
        lines.forEach(out::println);
        out.flush();
    }

    /** Prints each new line until the thread is interrupted (Ctrl-C ends the process). */
    void follow() throws IOException {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (channel == null && !openCurrent()) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                boolean read = readNew();
                if (!read && rotated()) {
                    readNew(); // what was written to the old file before it was moved
                    endOfFile();
                } else if (!read) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** Opens {@code jtee.log} at offset 0 if it exists, making sure the channel and the key are of one file. */
    private boolean openCurrent() throws IOException {
        while (true) {
            Object before = keyOf(file);
            if (before == null) {
                return false;
            }
            FileChannel c;
            try {
                c = FileChannel.open(file);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (Objects.equals(before, keyOf(file))) {
                channel = c;
                key = before;
                position = 0;
                return true;
            }
            c.close();
        }
    }

    /** The file's identity (device and inode), its size if the file system has none; null if it is missing. */
    private static Object keyOf(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : a.creationTime();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** True if {@code jtee.log} is no longer the file being read (moved away, or cut short in place). */
    private boolean rotated() throws IOException {
        if (!Objects.equals(key, keyOf(file))) {
            return true;
        }
        if (channel.size() < position) { // truncated in place: start over
            position = 0;
            partial.reset();
        }
        return false;
    }

    /** Done with the old file: its unfinished line is printed as it is, and the new file is opened next. */
    private void endOfFile() throws IOException {
        if (partial.size() > 0) {
            out.println(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
            out.flush();
        }
        channel.close();
        channel = null;
    }

    /** Prints the whole lines written since the last read; true if anything was read. */
    private boolean readNew() throws IOException {
        boolean any = false;
        int n;
        while ((n = channel.read(buffer.clear(), position)) > 0) {
            position += n;
            any = true;
            byte[] bytes = buffer.array();
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    out.println(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                } else if (partial.size() < LogFile.MAX_LINE_BYTES) {
                    partial.write(bytes[i]);
                }
            }
        }
        out.flush();
        return any;
    }

    /** The offset just after the last newline before {@code size} (0 if none): where whole lines end. */
    private static long lastLineEnd(FileChannel c, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHUNK_BYTES);
        for (long end = size; end > 0;) {
            long start = Math.max(0, end - CHUNK_BYTES);
            byte[] bytes = read(c, start, (int) (end - start), b);
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /** The last {@code n} lines of {@code c} before {@code end}, which is where a line ends. */
    private static List<String> lastLines(FileChannel c, long end, int n) throws IOException {
        Deque<byte[]> chunks = new ArrayDeque<>();
        ByteBuffer b = ByteBuffer.allocate(CHUNK_BYTES);
        long start = end;
        int newlines = 0;
        while (start > 0 && newlines <= n) {
            long from = Math.max(0, start - CHUNK_BYTES);
            byte[] bytes = read(c, from, (int) (start - from), b);
            for (byte x : bytes) {
                newlines += x == '\n' ? 1 : 0;
            }
            chunks.addFirst(bytes);
            start = from;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        List<String> lines = new ArrayList<>(List.of(all.toString(StandardCharsets.UTF_8).split("\n", -1)));
        lines.removeLast(); // after the last newline: nothing
        if (start > 0) {
            lines.removeFirst(); // the end of a line that began before what was read
        }
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static byte[] read(FileChannel c, long from, int length, ByteBuffer b) throws IOException {
        b.clear().limit(length);
        while (b.hasRemaining()) {
            if (c.read(b, from + b.position()) < 0) {
                break;
            }
        }
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return bytes;
    }
}
