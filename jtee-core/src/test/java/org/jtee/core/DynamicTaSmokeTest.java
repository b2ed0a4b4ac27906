package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicTaSmokeTest {
    @TempDir
    Path home;

    @Test
    void signedTa_runsInAHostOfItsOwn() throws Exception {
        try (DynamicTas tas = new DynamicTas(home, 1); TeeContext ctx = tas.context()) {
            tas.install(FaultTa.class, FaultTa.UUID, 0x10000);
            try (TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
                ValueParameter v = ValueParameter.inout(41, 0);
                s.invokeCommand(FaultTa.CMD_INC, Operation.of(v));
                assertEquals(42, v.a());
                ValueParameter pid = ValueParameter.output();
                s.invokeCommand(FaultTa.CMD_PID, Operation.of(pid));
                System.out.println("host pid " + pid.a() + ", core pid " + ProcessHandle.current().pid());
            }
        }
    }
}
