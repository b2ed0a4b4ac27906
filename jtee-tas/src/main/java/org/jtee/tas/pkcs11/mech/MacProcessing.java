package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.tas.pkcs11.CkException;

/**
 * HMAC (MD5, SHA-1, SHA-2) and AES-CMAC signing and verification, and their {@code _GENERAL}
 * variants (optee-pkcs11-ta-abi.md §8.2.2), on a pooled GP MAC operation.
 *
 * <p>Parameters: none, or for {@code _GENERAL} exactly a u32 {@code mac_len} (another size:
 * {@code CKR_MECHANISM_PARAM_INVALID}; 0 or more than the full MAC: {@code CKR_SIGNATURE_LEN_RANGE}).
 * UPDATE needs input; ONESHOT without input MACs the empty message. Signing writes the full MAC,
 * or its first {@code mac_len} bytes. Verifying: the full length exactly, or for {@code _GENERAL}
 * 1 to the full length with that prefix compared ({@code CKR_SIGNATURE_LEN_RANGE},
 * {@code CKR_SIGNATURE_INVALID}); comparisons are constant-time.
 */
final class MacProcessing extends BaseProcessing {
    private final KeyMaterial.Lease lease;
    private final int fullLength;
    private final int macLength;

    private MacProcessing(int function, int mechanism, KeyMaterial.Lease lease, int fullLength, int macLength) {
        super(function, mechanism, true);
        this.lease = lease;
        this.fullLength = fullLength;
        this.macLength = macLength;
    }

    static MacProcessing start(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        boolean cmac = mechanism == CKM_AES_CMAC || mechanism == CKM_AES_CMAC_GENERAL;
        int bits = cmac ? SecretKeys.aesBits(key) : SecretKeys.hmacBits(mechanism, key);
        int full = cmac ? 16 : Hmac.digestLength(Hmac.hashOf(mechanism));
        int macLength = macLength(mechanism, params, full);
        KeyMaterial.Lease lease = cmac
                ? KeyMaterial.of(key).take(TeeAlg.AES_CMAC, TeeCrypto.MODE_MAC, bits, TeeType.AES, SecretKeys.aes(key))
                : KeyMaterial.of(key).take(Hmac.algorithm(mechanism), TeeCrypto.MODE_MAC, bits, Hmac.teeType(mechanism),
                        SecretKeys.hmac(mechanism, key));
        lease.op().macInit(null);
        return new MacProcessing(function, mechanism, lease, full, macLength);
    }

    private static int macLength(int mechanism, ByteBuffer params, int full) throws CkException {
        if (!Hmac.isGeneral(mechanism)) {
            Params.none(params, mechanism);
            return full;
        }
        Params p = Params.of(params, mechanism);
        if (p.size() != 4) {
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, "a _GENERAL MAC takes a 4-byte length");
        }
        int length = p.u32();
        if (length == 0 || Integer.compareUnsigned(length, full) > 0) {
            throw new CkException(CKR_SIGNATURE_LEN_RANGE, "MAC length " + Integer.toUnsignedString(length));
        }
        return length;
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) throws CkException {
        if (in == null) {
            throw new CkException(CKR_ARGUMENTS_BAD, "no input data");
        }
        lease.op().macUpdate(in);
        return 0;
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        return sign(null, out);
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        return sign(in, out);
    }

    private int sign(ByteBuffer in, ByteBuffer out) throws CkException {
        Gp.requireRoom(out, macLength);
        byte[] mac = compute(in);
        out.put(mac, 0, macLength);
        Arrays.fill(mac, (byte) 0);
        return macLength;
    }

    @Override
    public void verifyFinal(ByteBuffer signature) throws CkException {
        verify(null, signature);
    }

    @Override
    public void verifyOneShot(ByteBuffer in, ByteBuffer signature) throws CkException {
        verify(in, signature);
    }

    private void verify(ByteBuffer in, ByteBuffer signature) throws CkException {
        byte[] given = Gp.take(signature);
        boolean general = Hmac.isGeneral(mechanism());
        if (!general && given.length != fullLength) {
            throw new CkException(CKR_SIGNATURE_LEN_RANGE, "a MAC of " + given.length + " bytes");
        }
        byte[] mac = compute(in);
        if (given.length == 0 || given.length > fullLength) {
            throw new CkException(CKR_SIGNATURE_LEN_RANGE, "a MAC of " + given.length + " bytes");
        }
        boolean ok = MessageDigest.isEqual(Arrays.copyOf(mac, given.length), given);
        Arrays.fill(mac, (byte) 0);
        if (!ok) {
            throw new CkException(CKR_SIGNATURE_INVALID, "the MAC does not match");
        }
    }

    private byte[] compute(ByteBuffer in) throws CkException {
        byte[] mac = new byte[fullLength];
        try {
            lease.op().macComputeFinal(in, ByteBuffer.wrap(mac));
        } catch (TeeException e) {
            throw Gp.map(e);
        }
        return mac;
    }

    @Override
    public void close() {
        lease.release();
    }
}
