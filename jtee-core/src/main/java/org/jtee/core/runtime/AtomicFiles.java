package org.jtee.core.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file of the core's state so that, after a crash, it holds either its old content or
 * its new one, never a mix: the new content goes to {@code <name>.tmp} beside it, is fsynced, is
 * renamed over the file, and the directory is fsynced so the rename itself is durable.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Replaces the content of {@code file} with {@code content}, durably, before it returns. The
     * temporary file has a fixed name, so callers serialize the writes to one file.
     *
     * @throws IOException if it cannot; {@code file} then still holds its old content, and no
     *     temporary file this call made is left behind
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            try (ch) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /** fsync of a directory, which makes a rename in it durable (Linux: open it read-only, then fsync). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
