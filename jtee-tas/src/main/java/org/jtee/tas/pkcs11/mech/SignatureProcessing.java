package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.tas.pkcs11.CkException;

/**
 * Signing and verification with RSA (PKCS#1 v1.5, PSS), ECDSA, EdDSA and ML-DSA on a pooled GP
 * signature operation that already holds the key, and for the hash-and-sign mechanisms a pooled
 * GP digest (optee-pkcs11-ta-abi.md §8.2.5, §8.2.6).
 *
 * <p>The signature's room is checked before anything is hashed or signed, so a size query leaves
 * the operation as it was. The raw mechanisms take their input as the reference does: ECDSA a
 * hash (empty: {@code CKR_FUNCTION_FAILED}; longer than the field: truncated), RSA_PKCS the
 * bytes to pad (more than k − 11: {@code CKR_DATA_LEN_RANGE}), RSA_PKCS_PSS a hash of the
 * parameter's length ({@code CKR_DATA_LEN_RANGE}). EdDSA signs whole messages only (UPDATE:
 * {@code CKR_GENERAL_ERROR}, as the reference); ML-DSA keeps the parts of a message (up to
 * {@link #MAX_MESSAGE} bytes) and signs it at the final step. A signature of the wrong length is
 * {@code CKR_SIGNATURE_LEN_RANGE}, a wrong one {@code CKR_SIGNATURE_INVALID}.
 */
final class SignatureProcessing extends BaseProcessing {
    /** The longest message a multi-part ML-DSA operation keeps. */
    static final int MAX_MESSAGE = 16 << 20;

    /** How the bytes given to the mechanism become what GP signs. */
    enum Input { HASHED, RSA_PKCS, PSS_HASH, ECDSA_HASH, EDDSA_MESSAGE, ML_DSA_MESSAGE }

    /** What varies between the mechanisms. */
    record Spec(Input input, int signatureLength, int rawLimit, List<Attribute> gpParams) {}

    private final KeyMaterial.Lease signer;
    private final KeyMaterial.Lease digest;
    private final Spec spec;
    private ByteArrayOutputStream message;

    SignatureProcessing(int function, int mechanism, KeyMaterial.Lease signer, KeyMaterial.Lease digest, Spec spec) {
        super(function, mechanism, !MechanismTable.find(mechanism).singlePart());
        this.signer = signer;
        this.digest = digest;
        this.spec = spec;
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) throws CkException {
        switch (spec.input()) {
            case HASHED -> {
                if (in != null) {
                    digest.op().digestUpdate(in);
                }
            }
            case ML_DSA_MESSAGE -> keep(in);
            default -> throw new CkException(CKR_GENERAL_ERROR, "the mechanism signs whole messages only");
        }
        return 0;
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        Gp.requireRoom(out, spec.signatureLength());
        return sign(toBeSigned(null), out);
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        Gp.requireRoom(out, spec.signatureLength());
        return sign(toBeSigned(in), out);
    }

    @Override
    public void verifyFinal(ByteBuffer signature) throws CkException {
        checkSignatureLength(signature);
        verify(toBeSigned(null), signature);
    }

    @Override
    public void verifyOneShot(ByteBuffer in, ByteBuffer signature) throws CkException {
        checkSignatureLength(signature);
        verify(toBeSigned(in), signature);
    }

    private void checkSignatureLength(ByteBuffer signature) throws CkException {
        if (Gp.room(signature) != spec.signatureLength()) {
            throw new CkException(CKR_SIGNATURE_LEN_RANGE, "a signature of " + Gp.room(signature) + " bytes, not "
                    + spec.signatureLength());
        }
    }

    /** What GP signs: the hash, or the checked raw input, or the message. */
    private ByteBuffer toBeSigned(ByteBuffer in) throws CkException {
        switch (spec.input()) {
            case HASHED -> {
                byte[] hash = new byte[spec.rawLimit()];
                try {
                    digest.op().digestDoFinal(in, ByteBuffer.wrap(hash));
                } catch (TeeException e) {
                    throw Gp.map(e);
                }
                return ByteBuffer.wrap(hash);
            }
            case ML_DSA_MESSAGE -> {
                if (message == null) {
                    return in == null ? ByteBuffer.allocate(0) : in;
                }
                keep(in);
                return ByteBuffer.wrap(message.toByteArray());
            }
            case EDDSA_MESSAGE -> {
                return in == null ? ByteBuffer.allocate(0) : in;
            }
            case ECDSA_HASH -> {
                int n = Gp.room(in);
                if (n == 0) {
                    throw new CkException(CKR_FUNCTION_FAILED, "ECDSA of an empty hash");
                }
                ByteBuffer b = in.duplicate();
                b.limit(b.position() + Math.min(n, spec.rawLimit()));
                in.position(in.limit());
                return b;
            }
            default -> {
                int n = Gp.room(in);
                boolean bad = spec.input() == Input.RSA_PKCS ? n > spec.rawLimit() : n != spec.rawLimit();
                if (bad) {
                    throw new CkException(CKR_DATA_LEN_RANGE, n + " bytes of input to the RSA signature");
                }
                return in == null ? ByteBuffer.allocate(0) : in;
            }
        }
    }

    private int sign(ByteBuffer data, ByteBuffer out) throws CkException {
        try {
            return signer.op().asymmetricSignDigest(spec.gpParams(), data, out);
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    private void verify(ByteBuffer data, ByteBuffer signature) throws CkException {
        try {
            signer.op().asymmetricVerifyDigest(spec.gpParams(), data, signature);
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    private void keep(ByteBuffer in) throws CkException {
        if (in == null) {
            return;
        }
        if (message == null) {
            message = new ByteArrayOutputStream();
        }
        if (message.size() + (long) in.remaining() > MAX_MESSAGE) {
            throw new CkException(CKR_DEVICE_MEMORY, "a message of more than " + MAX_MESSAGE + " bytes");
        }
        byte[] b = Gp.take(in);
        message.write(b, 0, b.length);
        Arrays.fill(b, (byte) 0);
    }

    @Override
    public void close() {
        signer.release();
        if (digest != null) {
            digest.release();
        }
    }
}
