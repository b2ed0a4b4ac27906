package org.jtee.core.ta;

import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.core.client.Operation;
import org.jtee.core.runtime.TaClocks;
import org.jtee.core.runtime.TaUniqueKeys;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.TeeTime;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.CallBase;

/** The {@link org.jtee.ta.CallContext} handed to one open or invoke entry, with the operation it runs in. */
final class Call extends CallBase {
    private final TaInstance instance;
    private final Operation operation;
    private final TaClocks clocks;
    private final TaUniqueKeys uniqueKeys;
    private final TaCalls taCalls;

    Call(TaInstance instance, Identity client, TeeProperties clientProperties, Parameters params, Operation operation,
            TaClocks clocks, TaUniqueKeys uniqueKeys, TaCalls taCalls) {
        super(instance, client, clientProperties, params);
        this.clocks = clocks;
        this.uniqueKeys = uniqueKeys;
        this.taCalls = taCalls;
        this.instance = instance;
        this.operation = operation;
    }

    @Override
    public boolean cancellationRequested() {
        return operation.cancellationRequested();
    }

    @Override
    public boolean unmaskCancellation() {
        return operation.setMasked(false);
    }

    @Override
    public boolean maskCancellation() {
        return operation.setMasked(true);
    }

    @Override
    public void await(long timeoutMillis) throws TeeException {
        operation.await(timeoutMillis);
    }

    /** The operation this call runs in: the client's, or an internal one. */
    @Override
    protected boolean sharedWithClient(java.lang.foreign.MemorySegment buffer) {
        for (org.jtee.core.client.SharedSegment s : operation.clientSegments()) {
            if (overlaps(buffer, s.memory())) {
                return true;
            }
        }
        return false;
    }

    Operation operation() {
        return operation;
    }

    @Override
    public TaSession openTaSession(UUID ta, long cancellationTimeoutMillis, Parameters params) throws TeeException {
        return taCalls.handle(instance, ta, taCalls.open(instance, ta, params, cancellationTimeoutMillis, operation));
    }

    @Override
    public TeeTime taPersistentTime() throws TeeException {
        return clocks.taTime().get(uuid());
    }

    @Override
    public void setTaPersistentTime(TeeTime time) throws TeeException {
        clocks.taTime().set(uuid(), time);
    }

    /** Derived here, in the core, for a TA that runs in it. */
    @Override
    protected byte[] deriveKey(byte[] extra, int keyBytes) throws TeeException {
        return uniqueKeys.derive(uuid(), extra, keyBytes);
    }

    @Override
    public java.time.Instant reeTime() throws TeeException {
        return clocks.ree().now();
    }
}
