package org.jtee.core.ta;

import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.core.client.Operation;
import org.jtee.ta.Parameters;
import org.jtee.ta.TrustedApplication;

/**
 * A pseudo or built-in TA, called directly in the core. A {@link TeeException} the TA throws is
 * its answer: origin {@code TRUSTED_APP}.
 *
 * @param <S> the TA's session state
 */
final class InCoreTa<S> implements TaBackend {
    private final TrustedApplication<S> ta;

    private InCoreTa(TrustedApplication<S> ta) {
        this.ta = ta;
    }

    static InCoreTa<?> of(TrustedApplication<?> ta) {
        return new InCoreTa<>(ta);
    }

    @Override
    public void create(TaInstance instance, Operation op) throws TeeException {
        try {
            ta.create(instance);
        } catch (TeeException e) {
            throw fromTa(e);
        }
    }

    @Override
    public Object openSession(Call call, Parameters params) throws TeeException {
        try {
            return ta.openSession(call, params);
        } catch (TeeException e) {
            throw fromTa(e);
        }
    }

    @Override
    public void invokeCommand(Object session, Call call, int commandId, Parameters params) throws TeeException {
        try {
            ta.invokeCommand(state(session), call, commandId, params);
        } catch (TeeException e) {
            throw fromTa(e);
        }
    }

    @Override
    public void closeSession(Object session, Operation op) {
        ta.closeSession(state(session));
    }

    @Override
    public void destroy(Operation op) {
        ta.destroy();
    }

    @Override
    public boolean inHost() {
        return false;
    }

    @Override
    public void release(String why, boolean destroyed) {
        // nothing outside the heap
    }

    /** The state is what {@link #openSession} of this same TA returned for the session. */
    @SuppressWarnings("unchecked")
    private S state(Object session) {
        return (S) session;
    }

    private static TeeException fromTa(TeeException e) {
        return new TeeException(e.result(), ReturnOrigin.TRUSTED_APP, e.getMessage(), e);
    }
}
