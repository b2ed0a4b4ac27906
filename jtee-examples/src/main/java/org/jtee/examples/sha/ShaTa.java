package org.jtee.examples.sha;

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
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's sha TA: MACs with a prepared, keyed operation, and digests (see {@link ShaContract}). */
@Ta(uuid = ShaContract.UUID_STRING, version = "1.0", description = "Example of TA computing digests and MACs")
public final class ShaTa implements TrustedApplication<ShaTa.Session> {

    /** The session's MAC operation and key object, or none yet; the last digest operation. */
    static final class Session {
        private int keySizeBytes;
        private Operation mac;
        private TransientObject key;
        private Operation digest;

        private void freeMac() {
            if (mac != null) {
                mac.close();
                mac = null;
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
        session.freeMac();
        if (session.digest != null) {
            session.digest.close();
        }
    }

    @Override
    public void invokeCommand(Session session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case ShaContract.CMD_PREPARE -> prepare(session, params);
            case ShaContract.CMD_SET_KEY -> setKey(session, params);
            case ShaContract.CMD_SET_IV -> setIv(session, params);
            case ShaContract.CMD_COMPUTE_MAC -> computeMac(session, params);
            case ShaContract.CMD_COMPARE_MAC -> compareMac(session, params);
            case ShaContract.CMD_COMPUTE_DIGEST -> computeDigest(session, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "unknown command " + commandId);
        }
    }

    /** PREPARE: a MAC operation for (algorithm, key size), keyed with zeros until SET_KEY. */
    private static void prepare(Session s, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, NONE);
        int algorithm = params.value(0).a();
        int keySizeBytes = params.value(1).a();
        int objectType = objectType(params.value(2).a());
        if (keySizeBytes <= 0 || keySizeBytes > Integer.MAX_VALUE / 8) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "key size " + Integer.toUnsignedString(keySizeBytes));
        }
        s.freeMac();
        s.keySizeBytes = keySizeBytes;
        s.mac = Operation.allocate(algorithm, TeeCrypto.MODE_MAC, keySizeBytes * 8);
        s.key = TransientObject.allocate(objectType, keySizeBytes * 8);
        s.key.populate(Attribute.ref(TeeAttr.SECRET_VALUE, new byte[keySizeBytes]));
        s.mac.setKey(s.key);
    }

    private static int objectType(int type) throws TeeException {
        return switch (type) {
            case ShaContract.TYPE_HMAC_SHA256 -> TeeType.HMAC_SHA256;
            case ShaContract.TYPE_HMAC_SHA1 -> TeeType.HMAC_SHA1;
            case ShaContract.TYPE_HMAC_SHA224 -> TeeType.HMAC_SHA224;
            case ShaContract.TYPE_HMAC_SHA384 -> TeeType.HMAC_SHA384;
            case ShaContract.TYPE_HMAC_SHA512 -> TeeType.HMAC_SHA512;
            case ShaContract.TYPE_AES -> TeeType.AES;
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "key type " + Integer.toUnsignedString(type));
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
            s.mac.reset();
            s.mac.setKey(s.key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void setIv(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        requirePrepared(s);
        s.mac.macInit(params.memref(0).toByteArray());
    }

    /** COMPUTE_MAC: MAC(message ‖ message), the message fed once by update and once by the final call. */
    private static void computeMac(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        requirePrepared(s);
        MemoryReference message = params.memref(0);
        MemoryReference out = params.memref(1);
        s.mac.macUpdate(source(message));
        try {
            out.setSize(s.mac.macComputeFinal(source(message), out.buffer().asByteBuffer()));
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            throw e;
        }
    }

    /** COMPARE_MAC: the same double feed, checked against the client's MAC. */
    private static void compareMac(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE);
        requirePrepared(s);
        MemoryReference message = params.memref(0);
        s.mac.macUpdate(source(message));
        s.mac.macCompareFinal(source(message), source(params.memref(1)));
    }

    /** COMPUTE_DIGEST: a new digest operation of the client's algorithm, one message. */
    private static void computeDigest(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, NONE);
        if (s.digest != null) {
            s.digest.close(); // OP-TEE's TA leaks it; nothing depends on that
            s.digest = null;
        }
        s.digest = Operation.allocate(params.value(2).a(), TeeCrypto.MODE_DIGEST, 0);
        MemoryReference out = params.memref(1);
        try {
            out.setSize(s.digest.digestDoFinal(source(params.memref(0)), out.buffer().asByteBuffer()));
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            throw e;
        }
    }

    private static void requirePrepared(Session s) throws TeeException {
        if (s.mac == null) {
            throw new TeeException(TeeResult.BAD_STATE, "no MAC operation: PREPARE first");
        }
    }

    /** The input bytes of {@code ref}, position 0 to its size. */
    private static ByteBuffer source(MemoryReference ref) {
        return ref.buffer().asSlice(0, ref.size()).asByteBuffer();
    }
}
