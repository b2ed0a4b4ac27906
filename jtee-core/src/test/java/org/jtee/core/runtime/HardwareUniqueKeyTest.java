package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareUniqueKeyTest {
    @TempDir
    Path dir;

    private Path state() throws IOException {
        return StateDirectory.prepare(dir.resolve("core"));
    }

    @Test
    void firstBoot_generates32ByteOwnerOnlyKey() throws Exception {
        Path state = state();
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom())) {
            Path file = state.resolve("huk");
            assertEquals(32, Files.size(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            assertArrayEquals(Files.readAllBytes(file), huk.key().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void secondBoot_loadsTheSameKey() throws Exception {
        Path state = state();
        byte[] first;
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom())) {
            first = huk.key().toArray(ValueLayout.JAVA_BYTE);
        }
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom())) {
            assertArrayEquals(first, huk.key().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void allZeroKey_refused() throws Exception {
        Path state = state();
        Files.createFile(state.resolve("huk"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(state.resolve("huk"), new byte[32]);
        IOException e = assertThrows(IOException.class, () -> HardwareUniqueKey.loadOrCreate(state, new SecureRandom()));
        assertTrue(e.getMessage().contains("all zero"), e.getMessage());
    }

    @Test
    void shortKey_refused() throws Exception {
        Path state = state();
        Files.createFile(state.resolve("huk"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(state.resolve("huk"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> HardwareUniqueKey.loadOrCreate(state, new SecureRandom()));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void readableByOthers_refused() throws Exception {
        Path state = state();
        HardwareUniqueKey.loadOrCreate(state, new SecureRandom()).close();
        Files.setPosixFilePermissions(state.resolve("huk"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(IOException.class, () -> HardwareUniqueKey.loadOrCreate(state, new SecureRandom()));
    }

    @Test
    void stateDirectoryOpenToOthers_refused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        IOException e = assertThrows(IOException.class, () -> StateDirectory.prepare(open));
        assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
    }

    @Test
    void close_wipesTheKey() throws Exception {
        HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state(), new SecureRandom());
        var view = huk.key();
        assertFalse(allZero(view.toArray(ValueLayout.JAVA_BYTE)));
        huk.close();
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0), "the key's memory is released");
    }

    @Test
    void hmacSha256_isHmacSha256KeyedWithTheKeyFile() throws Exception {
        Path state = state();
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom())) {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Files.readAllBytes(state.resolve("huk")), "HmacSHA256"));
            byte[] message = "any message".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertArrayEquals(mac.doFinal(message), huk.hmacSha256(message));
            assertArrayEquals(huk.hmacSha256(message), huk.hmacSha256(message), "the MAC is keyed anew each time");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
