package org.jtee.xtest.tas;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * A test stand-in for commands 1–4 of OP-TEE's crypt TA, the ones rpc_test forwards to (SHA-224,
 * SHA-256, AES-256-ECB with the fixed key 00..1F): the digest is written without updating the
 * output size, whole 16-byte blocks are ciphered. Not the crypt port: only what rpc_test's tests need.
 */
@Ta(uuid = XtestTaUuids.CRYPT, version = "0.1", description = "test stand-in for crypt commands 1-4")
public final class CryptStandInTa implements TrustedApplication<Void> {
    static final int SHA224 = 1;
    static final int SHA256 = 2;
    static final int AES256ECB_ENC = 3;
    static final int AES256ECB_DEC = 4;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        byte[] in = params.memref(0).toByteArray();
        MemoryReference out = params.memref(1);
        try {
            switch (commandId) {
                case SHA224 -> put(out, MessageDigest.getInstance("SHA-224").digest(in));
                case SHA256 -> put(out, MessageDigest.getInstance("SHA-256").digest(in));
                case AES256ECB_ENC -> put(out, aes(Cipher.ENCRYPT_MODE, in));
                case AES256ECB_DEC -> put(out, aes(Cipher.DECRYPT_MODE, in));
                default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
            }
        } catch (GeneralSecurityException e) {
            throw new TeeException(TeeResult.GENERIC, e.toString());
        }
    }

    private static byte[] aes(int mode, byte[] in) throws GeneralSecurityException {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(mode, new SecretKeySpec(key, "AES"));
        return aes.doFinal(in, 0, in.length / 16 * 16);
    }

    /** Writes {@code bytes} without touching the size, as crypt does. */
    private static void put(MemoryReference out, byte[] bytes) throws TeeException {
        if (out.capacity() < bytes.length) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "output of " + out.capacity() + " bytes, need " + bytes.length);
        }
        MemorySegment.copy(bytes, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, bytes.length);
    }
}
