package org.jtee.core;

import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** A dynamic TA whose errors carry messages: a parameter check, a refused open, a panic with a cause. */
@Ta(uuid = DiagnosticTa.UUID_STRING, version = "1.0", description = "errors with messages")
public final class DiagnosticTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "d1a90000-0000-4000-8000-000000000001";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    /** p0 VALUE_INOUT, checked with {@link Parameters#expect}: a = a + 1. */
    public static final int CMD_INC = 0;
    /** Throws an IllegalStateException caused by an IllegalArgumentException: a panic. */
    public static final int CMD_BUG = 1;
    /** The open entry refuses a session whose p0 is a value with a = {@value #REFUSE}. */
    public static final int REFUSE = 7;

    @Override
    public Object openSession(CallContext call, Parameters params) throws TeeException {
        if (params.get(0) instanceof org.jtee.ta.Value v && v.a() == REFUSE) {
            throw new TeeException(TeeResult.ACCESS_DENIED, "sessions with a = " + REFUSE + " are refused");
        }
        return null;
    }

    @Override
    public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {
        switch (cmd) {
            case CMD_INC -> {
                p.expect(VALUE_INOUT, NONE, NONE, NONE);
                p.value(0).setA(p.value(0).a() + 1);
            }
            case CMD_BUG -> bug();
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + cmd);
        }
    }

    private static void bug() {
        try {
            Integer.parseInt("not a number");
        } catch (NumberFormatException e) {
            throw new IllegalStateException("boom", new IllegalArgumentException("the cause", e));
        }
    }
}
