package org.jtee.core.pta;

import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Wire;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * jtee's system pseudo TA: a liveness ping, the REE time as the core sees it (which proves
 * the supplicant link) and the state of the warm pool of TA hosts, open to every client; and the
 * administration of trusted storage (TAs installed in secure storage, usage per store), for
 * administrators only ({@link StorageAdmin}). Commands and parameters: {@link SystemPtaContract}.
 */
@Ta(uuid = SystemPtaContract.UUID_STRING, singleInstance = true, multiSession = true, instanceKeepAlive = true,
        version = "1.0", description = "jtee system pseudo TA")
public final class SystemPta implements TrustedApplication<Void> {
    private final LongSupplier uptimeSeconds;
    private final IntSupplier readyHosts;
    private final int hostPoolSize;
    private final StorageAdmin admin;

    /**
     * @param uptimeSeconds the core's uptime
     * @param readyHosts how many booted TA hosts wait in the pool now
     * @param hostPoolSize how many the pool keeps booted
     * @param admin the administration commands
     */
    public SystemPta(LongSupplier uptimeSeconds, IntSupplier readyHosts, int hostPoolSize, StorageAdmin admin) {
        this.uptimeSeconds = uptimeSeconds;
        this.readyHosts = readyHosts;
        this.hostPoolSize = hostPoolSize;
        this.admin = admin;
    }

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case SystemPtaContract.CMD_PING -> {
                params.expect(ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                params.value(0).setA(Wire.VERSION);
                params.value(0).setB((int) Math.min(uptimeSeconds.getAsLong(), 0xFFFF_FFFFL));
            }
            case SystemPtaContract.CMD_REE_TIME -> {
                params.expect(ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                Instant t = call.reeTime();
                params.value(0).setA((int) t.getEpochSecond());
                params.value(0).setB(t.getNano());
            }
            case SystemPtaContract.CMD_HOST_POOL -> {
                params.expect(ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                params.value(0).setA(readyHosts.getAsInt());
                params.value(0).setB(hostPoolSize);
            }
            case SystemPtaContract.CMD_INSTALL_TA, SystemPtaContract.CMD_UNINSTALL_TA, SystemPtaContract.CMD_STORAGE_USAGE,
                    SystemPtaContract.CMD_SECURE_TAS, SystemPtaContract.CMD_RESET_VERSION_FLOOR ->
                    admin.invoke(call, commandId, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "system PTA has no command " + commandId);
        }
    }
}
