package org.jtee.nativeclient;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/**
 * The TA the C client library's tests call (native/tests/teec_test.c, which repeats these
 * command numbers): each command shows the client what the TA saw, or does to the parameters
 * something the client can check afterwards.
 */
@Ta(uuid = ClientApiTa.UUID_STRING, description = "libteec test TA")
public final class ClientApiTa implements TrustedApplication<Void> {
    static final String UUID_STRING = "6a7c0d2e-4b1f-4f3e-9a51-2c3d4e5f6071";

    /** (VI, VO, VIO, NONE): [1] = [0] + (1, 2); [2] = [2] × 2. */
    static final int CMD_VALUES = 1;
    /** (MI, MO, MIO, VO): out = in XOR 0xFF (SHORT_BUFFER if out is smaller), inout += 1 each byte, [3] = sizes. */
    static final int CMD_MEMREFS = 2;
    /** Any memrefs in [0..2], VO [3]: [3].a = the shape of each (1 NULL, 2 empty, 3 data, 0 none), [3].b = total size. */
    static final int CMD_SHAPES = 3;
    /** (MO, VI): needs [1].a bytes: SHORT_BUFFER with that size if smaller, else 0xA5 × [1].a. */
    static final int CMD_SHORT = 4;
    /** (VI): waits [0].a ms with cancellation unmasked. */
    static final int CMD_WAIT = 5;
    /** Panics. */
    static final int CMD_PANIC = 6;
    /** (VO, MO): [0].a = login, [1] = client UUID (16 octets, big-endian). */
    static final int CMD_IDENTITY = 7;
    /** (VI): returns [0].a as the TA's result. */
    static final int CMD_RETURN = 8;
    /** (any memref, VIO): adds 1 to every byte of [0] (if writable), [1].a = sum before, [1].b = size seen; sets [0]'s size to [1].a in if non-zero and output. */
    static final int CMD_BUMP = 9;

    /** (VI, MIO): sleeps [0].a ms (not cancellable), then adds 1 to every byte of [1]. */
    static final int CMD_WAIT_THEN_BUMP = 10;

    @Override
    public Void openSession(CallContext call, Parameters params) throws TeeException {
        if (params.type(0) == VALUE_INOUT) {
            Value v = params.value(0);
            v.setA(v.a() + 1);
        }
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case CMD_VALUES -> values(params);
            case CMD_MEMREFS -> memrefs(params);
            case CMD_SHAPES -> shapes(params);
            case CMD_SHORT -> shortBuffer(params);
            case CMD_WAIT -> {
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                call.unmaskCancellation();
                call.await(Integer.toUnsignedLong(params.value(0).a()));
            }
            case CMD_PANIC -> throw Tee.panic(0xBEEF);
            case CMD_IDENTITY -> identity(call, params);
            case CMD_RETURN -> {
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                int code = params.value(0).a();
                if (code != TeeResult.SUCCESS) {
                    throw new TeeException(code, ReturnOrigin.TRUSTED_APP, "asked to return " + Integer.toHexString(code));
                }
            }
            case CMD_BUMP -> bump(params);
            case CMD_WAIT_THEN_BUMP -> {
                params.expect(VALUE_INPUT, MEMREF_INOUT, NONE, NONE);
                try {
                    Thread.sleep(params.value(0).a());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                MemorySegment m = params.memref(1).buffer();
                for (long i = 0; i < m.byteSize(); i++) {
                    m.set(ValueLayout.JAVA_BYTE, i, (byte) (m.get(ValueLayout.JAVA_BYTE, i) + 1));
                }
            }
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP, "command " + commandId);
        }
    }

    private static void values(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_OUTPUT, VALUE_INOUT, NONE);
        Value in = params.value(0);
        Value out = params.value(1);
        Value inout = params.value(2);
        out.setA(in.a() + 1);
        out.setB(in.b() + 2);
        inout.setA(inout.a() * 2);
        inout.setB(inout.b() * 2);
    }

    private static void memrefs(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_INOUT, VALUE_OUTPUT);
        MemoryReference in = params.memref(0);
        MemoryReference out = params.memref(1);
        MemoryReference inout = params.memref(2);
        params.value(3).setA((int) in.size());
        params.value(3).setB((int) inout.size());
        byte[] data = in.toByteArray();
        for (int i = 0; i < data.length; i++) {
            data[i] ^= (byte) 0xFF;
        }
        MemorySegment io = inout.buffer();
        for (long i = 0; i < io.byteSize(); i++) {
            io.set(ValueLayout.JAVA_BYTE, i, (byte) (io.get(ValueLayout.JAVA_BYTE, i) + 1));
        }
        out.write(data); // SHORT_BUFFER with the size needed when out is too small
    }

    private static void shapes(Parameters params) throws TeeException {
        if (params.type(3) != VALUE_OUTPUT) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP, "[3] must be VALUE_OUTPUT");
        }
        int shapes = 0;
        long total = 0;
        for (int i = 0; i < 3; i++) {
            if (params.get(i) instanceof MemoryReference m) {
                int shape = m.isNull() ? 1 : m.size() == 0 ? 2 : 3;
                shapes |= shape << (4 * i);
                total += m.size();
            } else if (params.type(i) != NONE) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP, "[" + i + "] is not a memref");
            }
        }
        params.value(3).setA(shapes);
        params.value(3).setB((int) total);
    }

    private static void shortBuffer(Parameters params) throws TeeException {
        params.expect(MEMREF_OUTPUT, VALUE_INPUT, NONE, NONE);
        byte[] data = new byte[params.value(1).a()];
        java.util.Arrays.fill(data, (byte) 0xA5);
        params.memref(0).write(data);
    }

    private static void identity(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE);
        params.value(0).setA(call.client().login());
        UUID u = call.client().uuid();
        params.memref(1).write(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    private static void bump(Parameters params) throws TeeException {
        if (params.type(1) != VALUE_INOUT || !ParamTypes.isMemref(params.type(0))) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP, "expected (memref, VALUE_INOUT)");
        }
        MemoryReference m = params.memref(0);
        Value v = params.value(1);
        int newSize = v.a();
        MemorySegment b = m.buffer();
        int sum = 0;
        for (long i = 0; i < b.byteSize(); i++) {
            byte x = b.get(ValueLayout.JAVA_BYTE, i);
            sum += x & 0xFF;
            if (ParamTypes.isOutput(m.type())) {
                b.set(ValueLayout.JAVA_BYTE, i, (byte) (x + 1));
            }
        }
        v.setA(sum);
        v.setB((int) m.size());
        if (newSize != 0 && ParamTypes.isOutput(m.type())) {
            m.setSize(Integer.toUnsignedLong(newSize));
        }
    }
}
