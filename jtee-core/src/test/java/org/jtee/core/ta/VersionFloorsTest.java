package org.jtee.core.ta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionFloorsTest {
    static final UUID A = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
    static final UUID B = UUID.fromString("b6c53aba-9669-4668-a7f2-205629d00f86");

    @TempDir
    Path dir;

    @Test
    void noFile_everyFloorIsZero() throws IOException {
        assertEquals(0, VersionFloors.load(dir).floor(A));
    }

    @Test
    void raise_survivesAReload_andNeverGoesDown() throws IOException {
        VersionFloors v = VersionFloors.load(dir);
        v.raise(A, 0x10203);
        v.raise(B, 7);
        v.raise(A, 0x10000);
        VersionFloors again = VersionFloors.load(dir);
        assertEquals(0x10203, again.floor(A));
        assertEquals(7, again.floor(B));
        assertTrue(Files.notExists(dir.resolve(VersionFloors.FILE_NAME + ".tmp")), "the temporary file was renamed");
    }

    @Test
    void malformedFile_stopsTheLoad() throws IOException {
        Files.writeString(dir.resolve(VersionFloors.FILE_NAME), A + " 3\nnot a line\n");
        IOException e = assertThrows(IOException.class, () -> VersionFloors.load(dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
