package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.util.HashSet;
import java.util.Set;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.TrustedApplication;

/**
 * State of an instance and of each of its sessions, for the instance flags: its subclasses differ
 * only in their {@code @Ta}. Everything is kept in fields, as GP TAs keep their state.
 */
public abstract class InstanceTa implements TrustedApplication<InstanceTa.SessionState> {
    /** A session's own state. */
    public static final class SessionState {
        int count;
    }

    private int count;
    private int opened;
    private int closed;
    private final Set<Integer> marks = new HashSet<>();

    @Override
    public SessionState openSession(CallContext call, Parameters params) {
        opened++;
        return new SessionState();
    }

    @Override
    public void closeSession(SessionState session) {
        closed++;
    }

    @Override
    public void invokeCommand(SessionState session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.COUNT_INSTANCE -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(++count);
            }
            case GpTas.COUNT_SESSION -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(++session.count);
            }
            case GpTas.ENTRIES -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(opened);
                params.value(0).setB(closed);
            }
            case GpTas.MARK -> {
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                marks.add(params.value(0).a());
            }
            case GpTas.IS_MARKED -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                params.value(1).setA(marks.contains(params.value(0).a()) ? 1 : 0);
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }
}
