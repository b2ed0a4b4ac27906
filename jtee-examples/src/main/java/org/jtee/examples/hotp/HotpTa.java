package org.jtee.examples.hotp;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's hotp TA: RFC 4226 HOTP values from the session's shared key and counter. */
@Ta(uuid = HotpContract.UUID_STRING, version = "1.0", description = "HMAC-based One-Time Password example TA")
public final class HotpTa implements TrustedApplication<HotpTa.Session> {
    private static final int SHA1_BYTES = 20;
    private static final int MODULUS = 1_000_000; // 10^DIGITS

    /** The session's shared key (none at first) and moving factor, which starts at 0. */
    static final class Session {
        private byte[] key = new byte[0];
        private long counter;
    }

    @Override
    public Session openSession(CallContext call, Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        return new Session();
    }

    @Override
    public void closeSession(Session session) {
        Arrays.fill(session.key, (byte) 0);
    }

    @Override
    public void invokeCommand(Session session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case HotpContract.CMD_REGISTER_SHARED_KEY -> registerSharedKey(session, params);
            case HotpContract.CMD_GET_HOTP -> getHotp(session, params);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
    }

    private static void registerSharedKey(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        byte[] key = params.memref(0).toByteArray();
        if (key.length > HotpContract.MAX_KEY_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new TeeException(TeeResult.BAD_PARAMETERS, "a " + key.length + "-byte key; at most "
                    + HotpContract.MAX_KEY_BYTES);
        }
        Arrays.fill(s.key, (byte) 0);
        s.key = key;
    }

    /** GET_HOTP: the counter advances whether or not the HMAC could be computed, as in OP-TEE. */
    private static void getHotp(Session s, Parameters params) throws TeeException {
        params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
        byte[] mac;
        try {
            mac = hmacSha1(s.key, ByteBuffer.allocate(Long.BYTES).putLong(0, s.counter).array());
        } finally {
            s.counter++;
        }
        params.value(0).setA(truncate(mac));
    }

    /** HMAC-SHA1 (RFC 2104) of {@code message}; {@code TEE_ERROR_BAD_PARAMETERS} for a key of the wrong size. */
    static byte[] hmacSha1(byte[] key, byte[] message) throws TeeException {
        if (key.length < HotpContract.MIN_KEY_BYTES || key.length > HotpContract.MAX_KEY_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "HMAC-SHA1 key of " + key.length + " bytes; "
                    + HotpContract.MIN_KEY_BYTES + " to " + HotpContract.MAX_KEY_BYTES + " needed");
        }
        int keyBits = key.length * 8;
        try (TransientObject object = TransientObject.allocate(TeeType.HMAC_SHA1, keyBits);
                Operation hmac = Operation.allocate(TeeAlg.HMAC_SHA1, TeeCrypto.MODE_MAC, keyBits)) {
            object.populate(Attribute.ref(TeeAttr.SECRET_VALUE, key));
            hmac.setKey(object);
            hmac.macInit(null);
            ByteBuffer mac = ByteBuffer.allocate(SHA1_BYTES);
            hmac.macComputeFinal(ByteBuffer.wrap(message), mac);
            return mac.array();
        }
    }

    /** RFC 4226 §5.3: dynamic truncation of the HMAC to 31 bits, then its last six decimal digits. */
    static int truncate(byte[] hmacSha1) {
        int offset = hmacSha1[SHA1_BYTES - 1] & 0x0F;
        int binary = (hmacSha1[offset] & 0x7F) << 24 | (hmacSha1[offset + 1] & 0xFF) << 16
                | (hmacSha1[offset + 2] & 0xFF) << 8 | hmacSha1[offset + 3] & 0xFF;
        return binary % MODULUS;
    }
}
