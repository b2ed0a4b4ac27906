package org.jtee.xtest.ta.common;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/**
 * OP-TEE's sims test TA ({@link SimsContract}), whose instance semantics depend on the flags
 * its subclasses declare with {@code @Ta}: sims (single instance, multi session),
 * sims_keepalive (also kept alive) and miss (an instance per session). An instance holds four
 * storage slots and counts the sessions opened on it; each session remembers that count at its
 * open, and the TA sessions it opened.
 */
public abstract class SimsTa implements TrustedApplication<SimsTa.Session> {
    private final byte[][] slots = new byte[SimsContract.SLOTS][];
    private int sessionsOpened;

    /** A session: its counter and the sessions it opened to other TAs. */
    public static final class Session {
        private int counter;
        private final List<TaSession> opened = new ArrayList<>();

        Session(int counter) {
            this.counter = counter;
        }
    }

    @Override
    public Session openSession(CallContext call, Parameters params) {
        return new Session(sessionsOpened++);
    }

    @Override
    public void closeSession(Session session) {
        for (TaSession s : session.opened) {
            s.close();
        }
    }

    @Override
    public void invokeCommand(Session session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case SimsContract.CMD_READ -> read(params);
            case SimsContract.CMD_WRITE -> write(params);
            case SimsContract.CMD_GET_COUNTER -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(session.counter);
            }
            case SimsContract.CMD_PANIC -> panic(session, call, params);
            case SimsContract.CMD_OPEN_TA_SESSION -> {
                params.expect(MEMREF_INPUT, NONE, NONE, NONE);
                openTaSession(session, call, uuidIn(params.memref(0)));
            }
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
    }

    private void read(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE);
        byte[] stored = slots[slot(params)];
        MemoryReference out = params.memref(1);
        int length = stored == null ? 0 : stored.length;
        if (length > out.capacity()) {
            throw new TeeException(TeeResult.OVERFLOW, "slot holds " + length + " bytes, the buffer " + out.capacity());
        }
        if (length > 0) {
            MemorySegment.copy(stored, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, length);
        }
    }

    private void write(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
        slots[slot(params)] = params.memref(1).toByteArray();
    }

    private static int slot(Parameters params) throws TeeException {
        int index = params.value(0).a();
        if (index < 0 || index >= SimsContract.SLOTS) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "slot " + Integer.toUnsignedString(index) + " of 0..3");
        }
        return index;
    }

    /** Panics, or makes the TA whose UUID [0] holds panic (through a session of this one). */
    private static void panic(Session session, CallContext call, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        MemoryReference target = params.memref(0);
        if (target.isNull() || target.size() == 0) {
            throw Tee.panic(SimsContract.PANIC_CODE);
        }
        TaSession victim = openTaSession(session, call, uuidIn(target));
        MemoryReference empty = new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(new byte[0]), true);
        try {
            victim.invoke(SimsContract.CMD_PANIC, new Parameters(empty, null, null, null));
        } catch (TeeException expected) {
            // the victim's death (TARGET_DEAD) is what was asked for
        }
    }

    private static TaSession openTaSession(Session session, CallContext call, UUID ta) throws TeeException {
        TaSession opened;
        try {
            opened = call.openTaSession(ta, Parameters.none());
        } catch (TeeException e) {
            throw new TeeException(e.result(), "opening a session to " + ta + " failed: " + e.getMessage());
        }
        session.opened.add(opened);
        session.counter++;
        return opened;
    }

    private static UUID uuidIn(MemoryReference m) throws TeeException {
        if (m.size() != TeeUuidStruct.BYTES || m.capacity() < TeeUuidStruct.BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "a TEE_UUID is 16 bytes, got " + m.size());
        }
        return TeeUuidStruct.decode(m.buffer());
    }
}
