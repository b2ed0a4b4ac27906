package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import org.jtee.common.TeeException;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.tas.pkcs11.CkException;

/**
 * AES-ECB, AES-CBC (no padding), AES-CTS (CBC-CS3) and AES-CTR encryption and decryption
 * (optee-pkcs11-ta-abi.md §8.2.1) on a pooled GP cipher operation that already holds the key.
 *
 * <p>Parameters (§4.6): ECB none; CBC and CTS the 16-byte IV; CTR {@code u32 counter_bits = 1,
 * bytes[16] counter block} (counter_bits 1, as OP-TEE's TA, or 128, as the standard's
 * full-block counter). Inputs: every UPDATE and ONESHOT needs input (absent:
 * {@code CKR_ARGUMENTS_BAD}); ECB and CBC take whole blocks, CTS at least one block
 * ({@code CKR_DATA_LEN_RANGE} encrypting, {@code CKR_ENCRYPTED_DATA_LEN_RANGE} decrypting).
 * Outputs are checked before any input is consumed. Data streams through the caller's buffers.
 */
final class CipherProcessing extends BaseProcessing {
    /** ulCounterBits for a counter that is the whole block, as the cipher increments it. */
    static final int FULL_BLOCK_COUNTER = 128;
    private static final int BLOCK = 16;

    private final KeyMaterial.Lease lease;

    private CipherProcessing(int function, int mechanism, KeyMaterial.Lease lease) {
        super(function, mechanism, true);
        this.lease = lease;
    }

    static CipherProcessing start(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        int bits = SecretKeys.aesBits(key);
        byte[] iv = iv(mechanism, params);
        int mode = function == FUNCTION_ENCRYPT ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT;
        KeyMaterial.Lease lease = KeyMaterial.of(key).take(algorithm(mechanism), mode, bits, TeeType.AES,
                SecretKeys.aes(key));
        lease.op().cipherInit(iv);
        return new CipherProcessing(function, mechanism, lease);
    }

    /** The IV (or counter block) the parameter carries; null for ECB. */
    static byte[] iv(int mechanism, ByteBuffer params) throws CkException {
        switch (mechanism) {
            case CKM_AES_ECB -> {
                Params.none(params, mechanism);
                return null;
            }
            case CKM_AES_CBC, CKM_AES_CTS -> {
                Params p = Params.of(params, mechanism);
                if (p.size() != BLOCK) {
                    throw new CkException(CKR_MECHANISM_PARAM_INVALID, "the IV must be 16 bytes");
                }
                return p.bytes(BLOCK);
            }
            default -> {
                Params p = Params.of(params, mechanism);
                int counterBits = p.u32();
                byte[] block = p.bytes(BLOCK);
                p.end();
                // OP-TEE's TA takes only 1; 128 (the whole block is the counter, which is what
                // the cipher does) is what SunPKCS11 and OpenSC send through OP-TEE's libckteec too
                if (counterBits != 1 && counterBits != FULL_BLOCK_COUNTER) {
                    throw new CkException(CKR_MECHANISM_PARAM_INVALID, "the counter must be 1 or 128 bits: "
                            + Integer.toUnsignedString(counterBits));
                }
                return block;
            }
        }
    }

    static int algorithm(int mechanism) {
        return switch (mechanism) {
            case CKM_AES_ECB -> TeeAlg.AES_ECB_NOPAD;
            case CKM_AES_CBC -> TeeAlg.AES_CBC_NOPAD;
            case CKM_AES_CTS -> TeeAlg.AES_CTS;
            default -> TeeAlg.AES_CTR;
        };
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) throws CkException {
        checkInput(in);
        try {
            return lease.op().cipherUpdate(in, Gp.out(out));
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        try {
            return lease.op().cipherDoFinal(null, Gp.out(out));
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        checkInput(in);
        try {
            return lease.op().cipherDoFinal(in, Gp.out(out));
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    private void checkInput(ByteBuffer in) throws CkException {
        if (in == null) {
            throw new CkException(CKR_ARGUMENTS_BAD, "no input data");
        }
        int n = in.remaining();
        boolean bad = switch (mechanism()) {
            case CKM_AES_ECB, CKM_AES_CBC -> n % BLOCK != 0;
            case CKM_AES_CTS -> n < BLOCK;
            default -> false;
        };
        if (bad) {
            throw new CkException(encrypting() ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE,
                    n + " bytes do not fit the mode's block rule");
        }
    }

    @Override
    public void close() {
        lease.release();
    }
}
