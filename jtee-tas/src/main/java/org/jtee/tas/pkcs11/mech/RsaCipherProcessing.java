package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.tas.pkcs11.CkException;

/**
 * RSA encryption and decryption, PKCS#1 v1.5 and OAEP, single-part (§8.2.6). Encryption checks
 * the output room (the modulus length) before the message length, as the reference: a size query
 * succeeds for a message too long, which the real call then refuses with
 * {@code CKR_DATA_LEN_RANGE}. Decryption needs exactly the modulus length
 * ({@code CKR_ENCRYPTED_DATA_LEN_RANGE}), decrypts to learn the plaintext length a size query
 * reports, and reports bad padding as {@code CKR_ENCRYPTED_DATA_INVALID}.
 */
final class RsaCipherProcessing extends BaseProcessing {
    private final KeyMaterial.Lease lease;
    private final int modulusBytes;
    private final List<Attribute> gpParams;

    RsaCipherProcessing(int function, int mechanism, KeyMaterial.Lease lease, int modulusBytes, List<Attribute> gpParams) {
        super(function, mechanism, false);
        this.lease = lease;
        this.modulusBytes = modulusBytes;
        this.gpParams = gpParams;
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        return encrypting() ? encrypt(in, out) : decrypt(in, out);
    }

    private int encrypt(ByteBuffer in, ByteBuffer out) throws CkException {
        Gp.requireRoom(out, modulusBytes);
        try {
            return lease.op().asymmetricEncrypt(gpParams, in, out);
        } catch (TeeException e) {
            throw e.result() == TeeResult.BAD_PARAMETERS ? new CkException(CKR_DATA_LEN_RANGE, e.getMessage()) : Gp.map(e);
        }
    }

    private int decrypt(ByteBuffer in, ByteBuffer out) throws CkException {
        if (Gp.room(in) != modulusBytes) {
            throw new CkException(CKR_ENCRYPTED_DATA_LEN_RANGE, Gp.room(in) + " bytes of ciphertext");
        }
        byte[] plain = new byte[modulusBytes];
        ByteBuffer tmp = ByteBuffer.wrap(plain);
        int n;
        try {
            n = lease.op().asymmetricDecrypt(gpParams, in.duplicate(), tmp);
        } catch (TeeException e) {
            // the length is right: GP's BAD_PARAMETERS here is bad padding or a value not below n
            throw new CkException(CKR_ENCRYPTED_DATA_INVALID, e.getMessage());
        }
        try {
            Gp.requireRoom(out, n);
            in.position(in.limit());
            out.put(plain, 0, n);
            return n;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public void close() {
        lease.release();
    }
}
