package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ShortBufferException;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * The GP-to-PKCS#11 result mapping the reference TA applies to its crypto calls
 * (optee-pkcs11-ta-abi.md §5.2, {@code tee2pkcs_error}), and small buffer helpers.
 */
final class Gp {
    private static final ByteBuffer NO_ROOM = ByteBuffer.allocate(0);

    private Gp() {}

    /** A GP failure as the PKCS#11 code the reference returns for it. */
    static CkException map(TeeException e) {
        if (e instanceof ShortBufferException s) {
            return CkException.shortBuffer(s.required());
        }
        int rv = switch (e.result()) {
            case TeeResult.BAD_PARAMETERS -> Ck.CKR_ARGUMENTS_BAD;
            case TeeResult.CIPHERTEXT_INVALID -> Ck.CKR_ENCRYPTED_DATA_INVALID;
            case TeeResult.OUT_OF_MEMORY -> Ck.CKR_DEVICE_MEMORY;
            case TeeResult.MAC_INVALID, TeeResult.SIGNATURE_INVALID -> Ck.CKR_SIGNATURE_INVALID;
            case TeeResult.NOT_SUPPORTED -> Ck.CKR_MECHANISM_INVALID;
            default -> Ck.CKR_GENERAL_ERROR;
        };
        return new CkException(rv, e.getMessage());
    }

    /** {@code out}, or an output with no room for a client that sent none. */
    static ByteBuffer out(ByteBuffer out) {
        return out == null ? NO_ROOM : out;
    }

    /** Bytes left in a buffer; 0 for none. */
    static int room(ByteBuffer b) {
        return b == null ? 0 : b.remaining();
    }

    /** Fails with {@code CKR_BUFFER_TOO_SMALL} unless {@code out} has {@code required} bytes of room. */
    static void requireRoom(ByteBuffer out, int required) throws CkException {
        if (room(out) < required) {
            throw CkException.shortBuffer(required);
        }
    }

    /** The remaining bytes of {@code in} (its position moves to its limit); empty for none. */
    static byte[] take(ByteBuffer in) {
        if (in == null) {
            return new byte[0];
        }
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }

    static CkException fail(int rv, String message) {
        return new CkException(rv, message);
    }
}
