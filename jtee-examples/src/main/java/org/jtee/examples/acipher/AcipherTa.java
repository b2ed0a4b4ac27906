package org.jtee.examples.acipher;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.nio.ByteBuffer;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Operation;
import org.jtee.crypto.ShortBufferException;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's acipher TA: RSA encryption and decryption with the session's key pair. */
@Ta(uuid = AcipherContract.UUID_STRING, version = "1.0", description = "Example of TA using asymmetric cipher")
public final class AcipherTa implements TrustedApplication<AcipherTa.Session> {

    /** The session's RSA key pair, or none yet. */
    static final class Session {
        private TransientObject keyPair;

        /** The key pair GEN_KEY made, or null. */
        TransientObject keyPair() {
            return keyPair;
        }

        private void free() {
            if (keyPair != null) {
                keyPair.close();
                keyPair = null;
            }
        }
    }

    @Override
    public Session openSession(CallContext call, Parameters params) {
        return new Session();
    }

    @Override
    public void closeSession(Session session) {
        session.free();
    }

    @Override
    public void invokeCommand(Session session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case AcipherContract.CMD_GEN_KEY -> generateKey(session, params);
            case AcipherContract.CMD_ENCRYPT_DECRYPT -> encryptOrDecrypt(session, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "unknown command " + commandId);
        }
    }

    /** GEN_KEY: {@code TEE_GenerateKey} with no attributes, so e = 65537. */
    private static void generateKey(Session s, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, NONE, NONE, NONE);
        int keyBits = params.value(0).a();
        TransientObject keyPair = TransientObject.allocate(TeeType.RSA_KEYPAIR, keyBits);
        try {
            keyPair.generateKey(keyBits);
        } catch (TeeException | RuntimeException e) {
            keyPair.close();
            throw e;
        }
        s.free();
        s.keyPair = keyPair;
    }

    /** ENCRYPT_DECRYPT: one RSAES operation of the client's algorithm with the session's key. */
    private static void encryptOrDecrypt(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, VALUE_INPUT);
        if (s.keyPair == null) {
            throw new TeeException(TeeResult.BAD_STATE, "no key: GEN_KEY first");
        }
        boolean encrypt = params.value(2).a() != AcipherContract.DECRYPT;
        int algorithm = params.value(3).a();
        MemoryReference in = params.memref(0);
        MemoryReference out = params.memref(1);
        int mode = encrypt ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT;
        try (Operation rsa = Operation.allocate(algorithm, mode, s.keyPair.info().objectSize())) {
            rsa.setKey(s.keyPair);
            ByteBuffer src = in.buffer().asSlice(0, in.size()).asByteBuffer();
            ByteBuffer dst = out.buffer().asByteBuffer();
            out.setSize(encrypt ? rsa.asymmetricEncrypt(List.of(), src, dst) : rsa.asymmetricDecrypt(List.of(), src, dst));
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            throw e;
        }
    }
}
