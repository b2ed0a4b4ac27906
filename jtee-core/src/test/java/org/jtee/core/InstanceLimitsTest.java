package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session flood to a multi-instance dynamic TA (one host per session) stops at the host limit
 * with {@code TEE_ERROR_OUT_OF_MEMORY} from the TEE; the core serves everyone else meanwhile, and a
 * host freed makes room again. Only one client uid is at hand here, so the per-uid limit and the
 * total are each tested by setting that one low.
 */
class InstanceLimitsTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sessionFlood_stopsAtTheHostLimit_othersServeOn(boolean perUid) throws Exception {
        InstanceLimits limits = perUid ? InstanceLimits.DEFAULTS.withHostsPerUid(2) : InstanceLimits.DEFAULTS.withHosts(2);
        try (DynamicTas tas = new DynamicTas(Files.createDirectories(home.resolve("tee")), 1, 2_000, null, limits)
                .withFaultAndKeeper();
                TeeContext ctx = tas.context()) {
            List<TeeSession> flood = new ArrayList<>();
            TeeException refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                try {
                    flood.add(ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null));
                } catch (TeeException e) {
                    refused = e;
                }
            }
            assertNotNull(refused, "the flood must be refused");
            assertEquals(2, flood.size());
            assertEquals(TeeResult.OUT_OF_MEMORY, refused.result());
            assertEquals(ReturnOrigin.TEE, refused.origin());
            try (TeeSession inCore = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
                ValueParameter v = ValueParameter.inout(1, 2);
                inCore.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
                assertEquals(3, v.a(), "an in-core TA serves on");
            }
            ValueParameter v = ValueParameter.inout(1, 0);
            flood.getFirst().invokeCommand(FaultTa.CMD_INC, Operation.of(v));
            assertEquals(2, v.a(), "the sessions opened serve on");
            flood.removeFirst().close();
            flood.add(ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null));
            for (TeeSession s : flood) {
                s.close();
            }
        }
    }
}
