package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.jtee.bench.BenchTa;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.CoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark TAs are no part of the product: only the TEE that {@code jtee bench} starts serves them. */
class BenchTaPlacementTest {
    @TempDir
    Path home;

    @Test
    void aCoreStartedAsUpStartsIt_servesNoBenchTa() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        try (TeeProcesses tee = TeeProcesses.start(config, LogSink.discard());
                TeeContext ctx = TeeContext.open(config.clientSocket())) {
            TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(BenchTa.UUID, LoginMethod.PUBLIC, null));
            assertEquals(TeeResult.ITEM_NOT_FOUND, e.result(), e.getMessage());
        }
    }

    @Test
    void theBenchsOwnCore_servesTheBuiltInBenchTa() throws Exception {
        try (BenchCommand.OwnTee tee = BenchCommand.startOwnTee(home, 0, LogSink.discard());
                TeeContext ctx = TeeContext.open(tee.config().clientSocket());
                TeeSession s = ctx.openSession(BenchTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(1, 2);
            s.invokeCommand(BenchTa.CMD_NOOP, Operation.of(v));
            assertEquals(1, v.a());
        }
    }
}
