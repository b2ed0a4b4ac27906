package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.tas.pkcs11.CkException;

/**
 * AES-GCM encryption and decryption (optee-pkcs11-ta-abi.md §8.2.3).
 *
 * <pre>
 * parameter: u32 iv_len | iv[iv_len] | u32 aad_len | aad[aad_len] | u32 tag_bits
 * </pre>
 *
 * A truncated or overlong parameter is {@code CKR_ARGUMENTS_BAD}; an IV of 0 or more than 256
 * bytes, or a tag the GP layer does not have (96 to 128 bits in steps of 8), is
 * {@code CKR_MECHANISM_PARAM_INVALID}. Encryption streams: UPDATE outputs what it takes, FINAL the
 * tag, ONESHOT ciphertext ‖ tag. Decryption releases nothing before the tag is verified: UPDATE
 * keeps the ciphertext (up to {@link #MAX_BUFFERED} bytes, else {@code CKR_DEVICE_MEMORY}),
 * FINAL and ONESHOT check the tag ({@code CKR_SIGNATURE_INVALID}) and then output the plaintext,
 * which a size query leaves in place for the next call. Size queries consume nothing.
 */
final class GcmProcessing extends BaseProcessing {
    /** The most ciphertext a multi-part decryption holds until its final step. */
    static final int MAX_BUFFERED = 16 << 20;

    private final KeyMaterial.Lease lease;
    private final int tagBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private byte[] plaintext;

    private GcmProcessing(int function, KeyMaterial.Lease lease, int tagBytes) {
        super(function, CKM_AES_GCM, true);
        this.lease = lease;
        this.tagBytes = tagBytes;
    }

    /** The parsed parameter. */
    record Spec(byte[] iv, byte[] aad, int tagBits) {}

    static Spec parse(ByteBuffer params) throws CkException {
        Params p = Params.of(params, CKM_AES_GCM);
        byte[] iv = p.lengthPrefixed();
        byte[] aad = p.lengthPrefixed();
        int tagBits = p.u32();
        p.end();
        if (iv.length == 0 || iv.length > 256 || Integer.compareUnsigned(tagBits, 128) > 0) {
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, "GCM IV of " + iv.length + " bytes, tag of "
                    + Integer.toUnsignedString(tagBits) + " bits");
        }
        if (tagBits < 96 || tagBits % 8 != 0) {
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, "GCM tags are 96 to 128 bits in steps of 8");
        }
        return new Spec(iv, aad, tagBits);
    }

    static GcmProcessing start(int function, ByteBuffer params, KeyView key) throws CkException {
        int bits = SecretKeys.aesBits(key);
        Spec spec = parse(params);
        int mode = function == FUNCTION_ENCRYPT ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT;
        KeyMaterial.Lease lease = KeyMaterial.of(key).take(TeeAlg.AES_GCM, mode, bits, TeeType.AES, SecretKeys.aes(key));
        try {
            lease.op().aeInit(spec.iv(), spec.tagBits(), 0, 0);
        } catch (TeeException e) {
            lease.release();
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, e.getMessage());
        }
        if (spec.aad().length > 0) {
            lease.op().aeUpdateAad(ByteBuffer.wrap(spec.aad()));
        }
        return new GcmProcessing(function, lease, spec.tagBits() / 8);
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) throws CkException {
        if (in == null || !in.hasRemaining()) {
            return 0;
        }
        if (!encrypting()) {
            hold(in);
            return 0;
        }
        try {
            return lease.op().aeUpdate(in, Gp.out(out));
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        return encrypting() ? encryptFinal(null, out) : decryptFinal(out);
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        if (encrypting()) {
            return encryptFinal(in, out);
        }
        int n = Gp.room(in);
        if (n < tagBytes) {
            throw new CkException(CKR_ENCRYPTED_DATA_LEN_RANGE, "less ciphertext than a tag");
        }
        Gp.requireRoom(out, n - tagBytes);
        if (in != null) {
            hold(in);
        }
        return decryptFinal(out);
    }

    private int encryptFinal(ByteBuffer in, ByteBuffer out) throws CkException {
        Gp.requireRoom(out, Gp.room(in) + tagBytes);
        ByteBuffer tag = ByteBuffer.allocate(tagBytes);
        try {
            int n = lease.op().aeEncryptFinal(in, out, tag);
            out.put(tag.flip());
            return n + tagBytes;
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    private int decryptFinal(ByteBuffer out) throws CkException {
        if (plaintext == null) {
            plaintext = open();
        }
        Gp.requireRoom(out, plaintext.length);
        out.put(plaintext);
        Arrays.fill(plaintext, (byte) 0);
        return plaintext.length;
    }

    /** Checks the tag over all the held ciphertext and returns the plaintext. */
    private byte[] open() throws CkException {
        byte[] all = pending.toByteArray();
        pending.reset();
        if (all.length < tagBytes) {
            throw new CkException(CKR_ENCRYPTED_DATA_LEN_RANGE, "less ciphertext than a tag");
        }
        int n = all.length - tagBytes;
        byte[] pt = new byte[n];
        Operation op = lease.op();
        try {
            op.aeDecryptFinal(ByteBuffer.wrap(all, 0, n), ByteBuffer.wrap(pt), ByteBuffer.wrap(all, n, tagBytes));
            return pt;
        } catch (TeeException e) {
            throw Gp.map(e);
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    private void hold(ByteBuffer in) throws CkException {
        if (pending.size() + (long) in.remaining() > MAX_BUFFERED) {
            throw new CkException(CKR_DEVICE_MEMORY, "more than " + MAX_BUFFERED + " bytes of GCM ciphertext");
        }
        byte[] chunk = Gp.take(in);
        pending.write(chunk, 0, chunk.length);
    }

    @Override
    public void close() {
        if (plaintext != null) {
            Arrays.fill(plaintext, (byte) 0);
        }
        lease.release();
    }
}
