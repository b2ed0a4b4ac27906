package org.jtee.core.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.jtee.ta.Tee;

/**
 * Keys unique to a TA and to this installation, derived from the HUK: what OP-TEE's system PTA
 * answers to {@code PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY} ({@code huk_subkey_derive(HUK_SUBKEY_UNIQUE_TA,
 * uuid ‖ extra)}), and jtee to {@code CallContext.deriveTaUniqueKey}, for TAs in the core directly
 * and for TAs in hosts over RPC {@code DERIVE_TA_UNIQUE_KEY}.
 *
 * <p>The KDF in counter mode of NIST SP 800-108r1 §4.1, with HMAC-SHA-256 keyed with the HUK as
 * its PRF. A key is at most one PRF output (L ≤ 256 bits), so there is one iteration, i = 1:
 * <pre>
 * key = the first L bytes of HMAC-SHA-256(HUK, input)
 *
 * input:  u32 i = 1 | "jtee ta unique key" (18 ASCII bytes, the label) | 0x00
 *         | the TA's UUID (16 bytes, RFC 9562 order) | extra data (0..1024 bytes) | u32 8·L
 * </pre>
 * Integers are big-endian. The context is the UUID and the extra data; every field but the extra
 * data has a fixed length, so no two (UUID, extra, L) share an input, and a 16-byte key is not the
 * prefix of the 32-byte key for the same extra data (as it is in OP-TEE, which truncates). No
 * other use of the HUK takes an input that begins {@code 00 00 00 01}: the device ID is
 * HMAC-SHA-256(HUK, "jtee device id").
 */
public final class TaUniqueKeys {
    private static final byte[] LABEL = "jtee ta unique key".getBytes(StandardCharsets.US_ASCII);

    private final HardwareUniqueKey huk;

    public TaUniqueKeys(HardwareUniqueKey huk) {
        this.huk = Objects.requireNonNull(huk, "huk");
    }

    /**
     * The key of {@code ta} for {@code extra}, {@code keyBytes} long. The caller wipes it.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} (origin TEE) for more than 1024 bytes
     *     of extra data or a key size outside 16..32 bytes
     */
    public byte[] derive(UUID ta, byte[] extra, int keyBytes) throws TeeException {
        if (extra.length > Tee.TA_DERIVED_EXTRA_DATA_MAX_BYTES || keyBytes < Tee.TA_DERIVED_KEY_MIN_BYTES
                || keyBytes > Tee.TA_DERIVED_KEY_MAX_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    "no derived key of " + keyBytes + " bytes with " + extra.length + " bytes of extra data");
        }
        byte[] block = huk.hmacSha256(input(ta, extra, keyBytes));
        try {
            return Arrays.copyOf(block, keyBytes);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    /** The PRF's input, as the class comment draws it. */
    static byte[] input(UUID ta, byte[] extra, int keyBytes) {
        return ByteBuffer.allocate(4 + LABEL.length + 1 + 16 + extra.length + 4)
                .putInt(1).put(LABEL).put((byte) 0).put(Uuids.toBytes(ta)).put(extra).putInt(8 * keyBytes)
                .array();
    }
}
