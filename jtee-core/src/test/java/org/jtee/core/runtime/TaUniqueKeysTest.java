package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TA unique keys' KDF. The known answers were computed apart from jtee, with Python's
 * {@code hmac} module, from the formula in {@link TaUniqueKeys} and {@code docs/architecture.md}
 * for the HUK 00 01 02 … 1f.
 */
class TaUniqueKeysTest {
    private static final UUID TA = UUID.fromString("5eed0001-7a7a-4c1e-9d00-000000000001");
    private static final byte[] EXTRA = "My dummy data".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    /** A HUK of the bytes 0..31, as the core would load it from its state directory. */
    private HardwareUniqueKey countingHuk() throws Exception {
        Path state = StateDirectory.prepare(dir.resolve("core"));
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(Files.createFile(state.resolve("huk"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), bytes);
        return HardwareUniqueKey.loadOrCreate(state, new SecureRandom());
    }

    @Test
    void input_isCounterLabelSeparatorUuidExtraAndBitLength() {
        assertEquals("00000001" + "6a74656520746120756e69717565206b6579" + "00" + "5eed00017a7a4c1e9d00000000000001"
                + "4d792064756d6d792064617461" + "00000100", HEX.formatHex(TaUniqueKeys.input(TA, EXTRA, 32)));
        assertEquals("00000001" + "6a74656520746120756e69717565206b6579" + "00" + "5eed00017a7a4c1e9d00000000000001"
                + "00000080", HEX.formatHex(TaUniqueKeys.input(TA, new byte[0], 16)));
    }

    @Test
    void derive_knownAnswers() throws Exception {
        try (HardwareUniqueKey huk = countingHuk()) {
            TaUniqueKeys keys = new TaUniqueKeys(huk);
            assertEquals("5bf84e5a974b4852fcaebcb341e73e9e4689c8f3414f86ad5d1864cc3dd58b81",
                    HEX.formatHex(keys.derive(TA, EXTRA, 32)));
            assertEquals("4f304a063bd1ee530486565a96bbf7ab", HEX.formatHex(keys.derive(TA, new byte[0], 16)));
        }
    }

    @Test
    void derive_sameInput_sameKey_alsoAfterARestart() throws Exception {
        Path state = StateDirectory.prepare(dir.resolve("core"));
        byte[] first;
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom())) {
            first = new TaUniqueKeys(huk).derive(TA, EXTRA, 32);
            assertArrayEquals(first, new TaUniqueKeys(huk).derive(TA, EXTRA, 32));
        }
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom())) {
            assertArrayEquals(first, new TaUniqueKeys(huk).derive(TA, EXTRA, 32), "the HUK is kept, and so is the key");
        }
    }

    @Test
    void derive_anotherTaExtraOrSize_anotherKey_neverTheHuk() throws Exception {
        try (HardwareUniqueKey huk = countingHuk()) {
            TaUniqueKeys keys = new TaUniqueKeys(huk);
            byte[] key = keys.derive(TA, EXTRA, 32);
            assertFalse(Arrays.equals(key, keys.derive(new UUID(TA.getMostSignificantBits(), TA.getLeastSignificantBits() ^ 1),
                    EXTRA, 32)), "another TA");
            assertFalse(Arrays.equals(key, keys.derive(TA, Arrays.copyOf(EXTRA, EXTRA.length + 1), 32)), "other extra data");
            assertFalse(Arrays.equals(Arrays.copyOf(key, 31), keys.derive(TA, EXTRA, 31)), "another size is no prefix");
            assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("core/huk")), keys.derive(TA, new byte[0], 32)));
        }
    }

    @Test
    void derive_sizesOutOfRange_badParametersFromTheTee() throws Exception {
        try (HardwareUniqueKey huk = countingHuk()) {
            TaUniqueKeys keys = new TaUniqueKeys(huk);
            for (int[] extraAndKey : new int[][] {{1025, 32}, {0, 15}, {0, 33}, {0, 0}, {0, -1}}) {
                TeeException e = assertThrows(TeeException.class,
                        () -> keys.derive(TA, new byte[extraAndKey[0]], extraAndKey[1]));
                assertEquals(TeeResult.BAD_PARAMETERS, e.result());
                assertEquals(ReturnOrigin.TEE, e.origin());
            }
            assertEquals(16, keys.derive(TA, new byte[1024], 16).length);
        }
    }
}
