package org.jtee.xtest.tas;

import java.util.UUID;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeException;
import org.jtee.xtest.ta.common.SimsContract;
import org.jtee.xtest.ta.common.TeeUuidStruct;

/** The calls xtest makes on sims, sims_keepalive and miss (regression_1000.c's helpers). */
final class Sims {
    private Sims() {}

    static int counter(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(SimsContract.CMD_GET_COUNTER, Operation.of(v));
        return v.a();
    }

    static void write(TeeSession s, int slot, byte[] data) throws TeeException {
        s.invokeCommand(SimsContract.CMD_WRITE, Operation.of(ValueParameter.input(slot, 0), TempMemory.input(data)));
    }

    static byte[] read(TeeSession s, int slot, int bytes) throws TeeException {
        TempMemory out = TempMemory.output(bytes);
        s.invokeCommand(SimsContract.CMD_READ, Operation.of(ValueParameter.input(slot, 0), out));
        return out.buffer();
    }

    /** PANIC with an empty reference: the TA panics itself. */
    static void panic(TeeSession s) throws TeeException {
        s.invokeCommand(SimsContract.CMD_PANIC, Operation.of(TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT)));
    }

    /** PANIC with a UUID: the TA makes that TA panic through a session of its own. */
    static void panic(TeeSession s, String victim) throws TeeException {
        s.invokeCommand(SimsContract.CMD_PANIC, Operation.of(uuid(victim)));
    }

    static void openTaSession(TeeSession s, String ta) throws TeeException {
        s.invokeCommand(SimsContract.CMD_OPEN_TA_SESSION, Operation.of(uuid(ta)));
    }

    static TempMemory uuid(String ta) {
        return TempMemory.input(TeeUuidStruct.encode(UUID.fromString(ta)));
    }
}
