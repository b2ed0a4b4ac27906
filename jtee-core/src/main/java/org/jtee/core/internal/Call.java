package org.jtee.core.internal;

import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.TeeProperties;

/** The {@link CallContext} handed to one entry-point call. */
final class Call implements CallContext {
    private final TaInstance instance;
    private final Identity client;
    private final TeeProperties clientProperties;
    private final Operation operation;
    private final ReeClock reeClock;
    private final TaCalls taCalls;

    Call(TaInstance instance, Identity client, TeeProperties clientProperties, Operation operation, ReeClock reeClock,
            TaCalls taCalls) {
        this.reeClock = reeClock;
        this.taCalls = taCalls;
        this.instance = instance;
        this.client = client;
        this.clientProperties = clientProperties;
        this.operation = operation;
    }

    @Override
    public UUID uuid() {
        return instance.type().uuid();
    }

    @Override
    public TeeProperties taProperties() {
        return instance.taProperties();
    }

    @Override
    public TeeProperties teeProperties() {
        return instance.teeProperties();
    }

    @Override
    public Identity client() {
        return client;
    }

    @Override
    public TeeProperties clientProperties() {
        return clientProperties;
    }

    @Override
    public boolean cancellationRequested() {
        return operation != null && operation.cancellationRequested();
    }

    @Override
    public boolean unmaskCancellation() {
        return operation == null || operation.setMasked(false);
    }

    @Override
    public boolean maskCancellation() {
        return operation == null || operation.setMasked(true);
    }

    @Override
    public void await(long timeoutMillis) throws TeeException {
        if (operation != null) {
            operation.await(timeoutMillis);
        } else if (timeoutMillis > 0) {
            try {
                Thread.sleep(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The client operation this call belongs to; null in close and destroy entries. */
    Operation operation() {
        return operation;
    }

    @Override
    public TaSession openTaSession(UUID ta, Parameters params) throws TeeException {
        return taCalls.handle(instance, ta, taCalls.open(instance, ta, params, operation));
    }

    @Override
    public java.time.Instant systemTime() {
        return java.time.Instant.now();
    }

    @Override
    public java.time.Instant reeTime() throws TeeException {
        return reeClock.now();
    }
}
