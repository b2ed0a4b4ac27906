package org.jtee.examples.aes;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.ShortBufferException;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * OP-TEE's aes TA: one AES operation per session, prepared, keyed and run by the client step by
 * step (see {@link AesContract}).
 */
@Ta(uuid = AesContract.UUID_STRING, version = "1.0", description = "Example of TA using an AES sequence")
public final class AesTa implements TrustedApplication<AesTa.Session> {

    /** The session's state: the prepared operation and its key object, or none yet. */
    static final class Session {
        private int keySizeBytes;
        private Operation operation;
        private TransientObject key;

        private void free() {
            if (operation != null) {
                operation.close();
                operation = null;
            }
            if (key != null) {
                key.close();
                key = null;
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
            case AesContract.CMD_PREPARE -> prepare(session, params);
            case AesContract.CMD_SET_KEY -> setKey(session, params);
            case AesContract.CMD_SET_IV -> setIv(session, params);
            case AesContract.CMD_CIPHER -> cipher(session, params);
            case AesContract.CMD_AUTHENC -> authenticatedCipher(session, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "unknown command " + commandId);
        }
    }

    /** PREPARE: a new operation for (algorithm, key size, mode), keyed with zeros until SET_KEY. */
    private static void prepare(Session s, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, NONE);
        int algorithm = gpAlgorithm(params.value(0).a());
        int keySizeBytes = params.value(1).a();
        if (keySizeBytes != AesContract.KEY_SIZE_128_BYTES && keySizeBytes != AesContract.KEY_SIZE_256_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "key size " + Integer.toUnsignedString(keySizeBytes) + " bytes");
        }
        int mode = gpMode(params.value(2).a());
        s.free();
        s.keySizeBytes = keySizeBytes;
        s.operation = Operation.allocate(algorithm, mode, keySizeBytes * 8);
        s.key = TransientObject.allocate(TeeType.AES, keySizeBytes * 8);
        // a dummy key, so that SET_KEY can reset the object and the operation as it always does
        s.key.populate(Attribute.ref(TeeAttr.SECRET_VALUE, new byte[keySizeBytes]));
        s.operation.setKey(s.key);
    }

    private static int gpAlgorithm(int algo) throws TeeException {
        return switch (algo) {
            case AesContract.ALGO_ECB -> TeeAlg.AES_ECB_NOPAD;
            case AesContract.ALGO_CBC -> TeeAlg.AES_CBC_NOPAD;
            case AesContract.ALGO_CTR -> TeeAlg.AES_CTR;
            case AesContract.ALGO_CCM -> TeeAlg.AES_CCM;
            case AesContract.ALGO_GCM -> TeeAlg.AES_GCM;
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "algorithm " + Integer.toUnsignedString(algo));
        };
    }

    private static int gpMode(int mode) throws TeeException {
        return switch (mode) {
            case AesContract.MODE_ENCODE -> TeeCrypto.MODE_ENCRYPT;
            case AesContract.MODE_DECODE -> TeeCrypto.MODE_DECRYPT;
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "mode " + Integer.toUnsignedString(mode));
        };
    }

    /** SET_KEY: the client's key replaces the object's, and the operation starts over with it. */
    private static void setKey(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        requirePrepared(s);
        byte[] key = params.memref(0).toByteArray();
        try {
            if (key.length != s.keySizeBytes) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, "a " + key.length + "-byte key, prepared for "
                        + s.keySizeBytes);
            }
            s.key.reset();
            s.key.populate(Attribute.ref(TeeAttr.SECRET_VALUE, key));
            s.operation.reset();
            s.operation.setKey(s.key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** SET_IV: {@code TEE_CipherInit} with the client's IV (none for ECB). */
    private static void setIv(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        requirePrepared(s);
        s.operation.cipherInit(params.memref(0).toByteArray());
    }

    /** CIPHER: {@code TEE_CipherUpdate} from p0 into p1, which must be at least as large. */
    private static void cipher(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        MemoryReference in = params.memref(0);
        MemoryReference out = params.memref(1);
        if (out.size() < in.size()) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "output " + out.size() + " bytes, input " + in.size());
        }
        requirePrepared(s);
        out.setSize(s.operation.cipherUpdate(source(in), sink(out)));
    }

    /**
     * AUTHENC: one whole CCM or GCM message, nonce 00..0B, no AAD, a tag of p3.size bytes. The
     * p2 flag picks the final call; it must agree with the prepared mode.
     */
    private static void authenticatedCipher(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, MEMREF_INOUT);
        requirePrepared(s);
        MemoryReference in = params.memref(0);
        MemoryReference out = params.memref(1);
        MemoryReference tag = params.memref(3);
        s.operation.aeInit(AesContract.aeNonce(), Math.toIntExact(tag.size() * 8), 0, in.size());
        if (params.value(2).a() == 0) {
            out.setSize(s.operation.aeDecryptFinal(source(in), sink(out), source(tag)));
            return;
        }
        ByteBuffer tagOut = sink(tag);
        try {
            out.setSize(s.operation.aeEncryptFinal(source(in), sink(out), tagOut));
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            if (e.requiredTag() >= 0) {
                tag.setSize(e.requiredTag());
            }
            throw e;
        }
        tag.setSize(tagOut.position());
    }

    private static void requirePrepared(Session s) throws TeeException {
        if (s.operation == null) {
            throw new TeeException(TeeResult.BAD_STATE, "no operation: PREPARE first");
        }
    }

    /** The input bytes of {@code ref}, position 0 to its size. */
    private static ByteBuffer source(MemoryReference ref) {
        return ref.buffer().asSlice(0, ref.size()).asByteBuffer();
    }

    /** The whole buffer of {@code ref}, to write from position 0. */
    private static ByteBuffer sink(MemoryReference ref) {
        return ref.buffer().asByteBuffer();
    }
}
