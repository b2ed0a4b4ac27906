package org.jtee.core.ta;

import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.core.client.Operation;
import org.jtee.core.storage.InCoreStorageChannel;
import org.jtee.crypto.spi.StorageChannels;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.TrustedApplication;

/**
 * A pseudo or built-in TA, called directly in the core. A {@link TeeException} the TA throws is
 * its answer: origin {@code TRUSTED_APP}. Each entry runs with the instance's storage channel
 * bound to its thread ({@link InCoreStorageChannel}), so the TA's persistent objects are its own.
 *
 * @param <S> the TA's session state
 */
final class InCoreTa<S> implements TaBackend {
    private final TrustedApplication<S> ta;
    private final TaInstance instance;

    private InCoreTa(TrustedApplication<S> ta, TaInstance instance) {
        this.ta = ta;
        this.instance = instance;
    }

    static InCoreTa<?> of(TrustedApplication<?> ta, TaInstance instance) {
        return new InCoreTa<>(ta, instance);
    }

    @Override
    public void create(TaInstance instance, Operation op) throws TeeException {
        try {
            withStorage(null, () -> {
                ta.create(instance);
                return null;
            });
        } catch (TeeException e) {
            throw fromTa(e);
        }
    }

    @Override
    public Object openSession(Call call, Parameters params) throws TeeException {
        try {
            return withStorage(call, () -> ta.openSession(call, params));
        } catch (TeeException e) {
            throw fromTa(e);
        }
    }

    @Override
    public void invokeCommand(Object session, Call call, int commandId, Parameters params) throws TeeException {
        try {
            withStorage(call, () -> {
                ta.invokeCommand(state(session), call, commandId, params);
                return null;
            });
        } catch (TeeException e) {
            throw fromTa(e);
        }
    }

    @Override
    public void closeSession(Object session, Operation op) {
        withStorage(null, () -> {
            ta.closeSession(state(session));
            return null;
        });
    }

    @Override
    public void destroy(Operation op) {
        withStorage(null, () -> {
            ta.destroy();
            return null;
        });
    }

    @Override
    public boolean inHost() {
        return false;
    }

    @Override
    public void release(String why, boolean destroyed) {
        // nothing outside the heap; the instance closes its storage handles itself
    }

    /** Runs {@code entry} with the instance's storage channel bound, for {@code call} (or none). */
    private <R, X extends Throwable> R withStorage(CallContext call, java.lang.ScopedValue.CallableOp<R, X> entry) throws X {
        return StorageChannels.callWith(new InCoreStorageChannel(instance.storage(), call), entry);
    }

    /** The state is what {@link #openSession} of this same TA returned for the session. */
    @SuppressWarnings("unchecked")
    private S state(Object session) {
        return (S) session;
    }

    private static TeeException fromTa(TeeException e) {
        return new TeeException(e.result(), ReturnOrigin.TRUSTED_APP, e.reason(), e);
    }
}
