package org.jtee.core;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaContext;
import org.jtee.ta.TrustedApplication;

/** A dynamic, single-instance, multi-session, keep-alive TA with a counter that outlives sessions. */
@Ta(uuid = KeeperTa.UUID_STRING, singleInstance = true, multiSession = true, instanceKeepAlive = true, version = "1.0")
public final class KeeperTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "f0f0f0f0-0000-4000-8000-000000000002";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_ADD = 0;
    public static final int CMD_WHO = 1;
    public static final int CMD_UPPER = 2;
    public static final int CMD_PID = 3;
    public static final int CMD_PANIC = 4;
    public static final int CMD_CALL_SELF = 5;

    private int counter;
    private int created;

    @Override
    public void create(TaContext ta) {
        created++;
    }

    @Override
    public Object openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {
        switch (cmd) {
            case CMD_ADD -> {
                counter += p.value(0).a();
                p.value(0).setA(counter);
            }
            case CMD_WHO -> {
                p.value(0).setA(call.client().login());
                p.value(0).setB((int) (call.client().uuid().getMostSignificantBits() >>> 32));
            }
            case CMD_UPPER -> {
                MemoryReference m = p.memref(0);
                m.write(new String(m.toByteArray(), java.nio.charset.StandardCharsets.UTF_8)
                        .toUpperCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            case CMD_PID -> {
                p.value(0).setA((int) ProcessHandle.current().pid());
                p.value(0).setB(created);
            }
            case CMD_PANIC -> throw org.jtee.ta.Tee.panic(1);
            case CMD_CALL_SELF -> {
                try (org.jtee.ta.TaSession self = call.openTaSession(UUID, Parameters.none())) {
                    p.value(0).setA(0);
                } catch (TeeException e) {
                    p.value(0).setA(e.result());
                    p.value(0).setB(e.origin());
                }
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + cmd);
        }
    }
}
