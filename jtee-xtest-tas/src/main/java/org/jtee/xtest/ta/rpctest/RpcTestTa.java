package org.jtee.xtest.ta.rpctest;

import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.util.UUID;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaSession;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's rpc_test TA ({@link RpcTestContract}): forwards crypt commands through TA-to-TA
 * sessions, with the client's parameters or with private copies of them, and reads sims's
 * counter. Every forwarded command opens a session of its own to crypt.
 */
@Ta(uuid = XtestTaUuids.RPC_TEST, version = "1.0", stackSize = 4 * 1024, dataSize = 32 * 1024,
        description = "xtest: rpc_test, TA-to-TA calls into crypt")
public final class RpcTestTa implements TrustedApplication<Void> {
    private static final UUID CRYPT = UUID.fromString(XtestTaUuids.CRYPT);
    private static final UUID SIMS = UUID.fromString(XtestTaUuids.SIMS);

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case RpcTestContract.CMD_CRYPT_SHA224, RpcTestContract.CMD_CRYPT_SHA256,
                    RpcTestContract.CMD_CRYPT_AES256ECB_ENC, RpcTestContract.CMD_CRYPT_AES256ECB_DEC ->
                callCrypt(call, commandId, params);
            case RpcTestContract.CMD_CRYPT_PRIVMEM_SHA224, RpcTestContract.CMD_CRYPT_PRIVMEM_SHA256,
                    RpcTestContract.CMD_CRYPT_PRIVMEM_AES256ECB_ENC, RpcTestContract.CMD_CRYPT_PRIVMEM_AES256ECB_DEC ->
                callCryptWithCopies(call, commandId - RpcTestContract.PRIVMEM_OFFSET, params);
            case RpcTestContract.CMD_OPEN -> readSimsCounter(call, params);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
    }

    private static void callCrypt(CallContext call, int cryptCommand, Parameters params) throws TeeException {
        try (TaSession crypt = open(call, CRYPT)) {
            forward(crypt, cryptCommand, params);
        }
    }

    private static void callCryptWithCopies(CallContext call, int cryptCommand, Parameters params) throws TeeException {
        Object[] copies = new Object[4];
        for (int i = 0; i < 4; i++) {
            copies[i] = copyOf(params.get(i));
        }
        Parameters own = new Parameters(copies[0], copies[1], copies[2], copies[3]);
        try (TaSession crypt = open(call, CRYPT)) {
            forward(crypt, cryptCommand, own);
        } finally {
            for (int i = 0; i < 4; i++) {
                copyBack(copies[i], params.get(i));
            }
        }
    }

    /** Reads sims's counter into a parameter of its own; the client's output parameters become zero, as in OP-TEE. */
    private static void readSimsCounter(CallContext call, Parameters params) throws TeeException {
        try (TaSession sims = open(call, SIMS)) {
            zeroOutputs(params);
            forward(sims, RpcTestContract.SIMS_CMD_GET_COUNTER,
                    new Parameters(new Value(VALUE_OUTPUT, 0, 0), null, null, null));
        }
    }

    private static void zeroOutputs(Parameters params) {
        for (int i = 0; i < 4; i++) {
            if (params.get(i) instanceof Value v && ParamTypes.isOutput(v.type())) {
                v.setA(0);
                v.setB(0);
            } else if (params.get(i) instanceof MemoryReference m && ParamTypes.isOutput(m.type())) {
                m.setSize(0);
            }
        }
    }

    private static TaSession open(CallContext call, UUID ta) throws TeeException {
        try {
            return call.openTaSession(ta, Parameters.none());
        } catch (TeeException e) {
            throw new TeeException(e.result(), "rpc_test: opening a session to " + ta + " failed: " + e.getMessage());
        }
    }

    private static void forward(TaSession session, int commandId, Parameters params) throws TeeException {
        try {
            session.invoke(commandId, params);
        } catch (TeeException e) {
            throw new TeeException(e.result(), "rpc_test: command " + commandId + " of " + session.ta() + " failed: "
                    + e.getMessage());
        }
    }

    /** A private copy of a parameter: a value with its words, a reference to a heap copy of its bytes. */
    private static Object copyOf(Object p) {
        if (p instanceof Value v) {
            return new Value(v.type(), v.a(), v.b());
        }
        if (p instanceof MemoryReference m) {
            byte[] bytes = new byte[(int) Math.min(m.capacity(), Integer.MAX_VALUE - 8)];
            if (m.type() != ParamTypes.MEMREF_OUTPUT) {
                MemorySegment.copy(m.buffer(), 0, MemorySegment.ofArray(bytes), 0, bytes.length);
            }
            return new MemoryReference(m.type(), MemorySegment.ofArray(bytes), m.isNull());
        }
        return null;
    }

    /** Writes an output copy back into the client's parameter: value words, or bytes and size. */
    private static void copyBack(Object copy, Object original) {
        if (copy instanceof Value c && original instanceof Value o && ParamTypes.isOutput(o.type())) {
            o.setA(c.a());
            o.setB(c.b());
        } else if (copy instanceof MemoryReference c && original instanceof MemoryReference o
                && ParamTypes.isOutput(o.type())) {
            long n = Math.min(c.size(), Math.min(c.capacity(), o.capacity()));
            MemorySegment.copy(c.buffer(), 0, o.buffer(), 0, n);
            o.setSize(c.size());
        }
    }
}
