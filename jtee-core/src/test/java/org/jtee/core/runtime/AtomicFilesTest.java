package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(Path::getFileName).toList();
        }
    }

    @Test
    void replace_noFileYet_createsIt_andLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("state");
        AtomicFiles.replace(file, ascii("first\n"));
        assertArrayEquals(ascii("first\n"), Files.readAllBytes(file));
        assertEquals(List.of(Path.of("state")), listing());
    }

    @Test
    void replace_existingFile_swapsInANewFile_neverWritesTheOldOneInPlace() throws Exception {
        Path file = dir.resolve("state");
        Files.write(file, ascii("the old, longer content\n"));
        try (FileChannel reader = FileChannel.open(file)) {
            AtomicFiles.replace(file, ascii("new\n"));
            ByteBuffer old = ByteBuffer.allocate(64);
            reader.read(old, 0);
            assertEquals("the old, longer content\n", new String(old.array(), 0, old.position(), StandardCharsets.US_ASCII),
                    "a reader of the old file sees it whole");
        }
        assertArrayEquals(ascii("new\n"), Files.readAllBytes(file), "no tail of the old content");
        assertEquals(List.of(Path.of("state")), listing());
    }

    @Test
    void replace_thatCannotRename_leavesTheOldFile_andNoTemporaryFile() throws Exception {
        Path file = dir.resolve("state");
        Files.createDirectories(file.resolve("child")); // a non-empty directory cannot be renamed over
        assertThrows(IOException.class, () -> AtomicFiles.replace(file, ascii("new\n")));
        assertTrue(Files.isDirectory(file.resolve("child")));
        assertEquals(List.of(Path.of("state")), listing());
    }
}
