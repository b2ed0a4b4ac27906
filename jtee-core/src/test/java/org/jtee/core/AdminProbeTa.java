package org.jtee.core;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaSession;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/**
 * A dynamic TA that calls the system PTA's administration commands as a TA would, with
 * well-formed parameters, and reports the result: p0 VALUE_INOUT, a = the system PTA command in,
 * b = the result out. Its 32 MiB heap holds the 4 MiB image of the secure-storage size test.
 */
@Ta(uuid = AdminProbeTa.UUID_STRING, version = "1.0", dataSize = 32 << 20, description = "calls the system PTA's admin commands")
public final class AdminProbeTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "adadadad-0000-4000-8000-000000000001";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_CALL_SYSTEM_PTA = 0;
    public static final int CMD_ECHO = 1;
    /** From the contract's constants only: jtee-core's classes are not on a TA host's class path. */
    private static final java.util.UUID SYSTEM_PTA = java.util.UUID.fromString(SystemPtaContract.UUID_STRING);

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int cmd, Parameters p) throws TeeException {
        switch (cmd) {
            case CMD_CALL_SYSTEM_PTA -> {
                p.expect(VALUE_INOUT, NONE, NONE, NONE);
                p.value(0).setB(callSystemPta(call, p.value(0).a()));
            }
            case CMD_ECHO -> {
                p.expect(VALUE_INOUT, NONE, NONE, NONE);
                p.value(0).setB(p.value(0).a());
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + cmd);
        }
    }

    private static int callSystemPta(CallContext call, int command) throws TeeException {
        try (TaSession pta = call.openTaSession(SYSTEM_PTA, Parameters.none())) {
            pta.invoke(command, paramsFor(command));
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    private static Parameters paramsFor(int command) {
        return switch (command) {
            case SystemPtaContract.CMD_INSTALL_TA -> new Parameters(memref(MEMREF_INPUT, 64), new Value(VALUE_OUTPUT, 0, 0), null, null);
            case SystemPtaContract.CMD_UNINSTALL_TA -> new Parameters(memref(MEMREF_INPUT, 16), null, null, null);
            default -> new Parameters(memref(MEMREF_OUTPUT, 4096), null, null, null);
        };
    }

    private static MemoryReference memref(int type, int bytes) {
        return new MemoryReference(type, MemorySegment.ofArray(new byte[bytes]), false);
    }
}
