package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee ta reset-floor}: after 1.1 has loaded, 1.0 is refused, saying how to go on; a
 * development core forgets the floor on request and loads 1.0; a production core refuses to.
 */
class TaResetFloorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void developmentCore_refusesTheOlderVersion_thenForgetsTheFloor_andLoadsIt() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        Path taDir = tmp.resolve("ta");
        CoreConfig config = CoreConfig.under(tmp.resolve("home")).withTaLoading(TaLoading.development(keys).withHostPool(0));
        try (TeeProcesses tee = TeeProcesses.start(config, List.of(taDir), LogSink.discard())) {
            String socket = config.clientSocket().toString();
            TestImages.write(taDir, TestImages.signedByDevKey(keys, TaVersions.parse("1.1")));
            assertEquals(43, increment(config));
            TestImages.write(taDir, TestImages.signedByDevKey(keys, TaVersions.parse("1.0")));
            TeeException refused = assertThrows(TeeException.class, () -> increment(config));
            assertEquals(TeeResult.SECURITY, refused.result());
            assertTrue(refused.getMessage().endsWith(": the image of TA " + TestImages.HELLO + " was refused: version 1.0.0 is"
                    + " older than version 1.1.0, which this core has already loaded (TA versions only go forward; while"
                    + " developing, `jtee ta reset-floor " + TestImages.HELLO + "` lets this core load an older one); see the"
                    + " core log (`jtee logs`)"), refused.getMessage());

            Cli.Result reset = Cli.run("ta", "reset-floor", TestImages.HELLO.toString(), "--socket", socket);
            assertEquals(0, reset.status(), reset.toString());
            assertEquals("the core at " + socket + " forgot the version floor of TA " + TestImages.HELLO
                    + " (it was 1.1.0): any version of it loads again\n", reset.out());
            assertEquals(43, increment(config), "1.0 loads");
        }
    }

    @Test
    void productionCore_refusesToForgetAFloor() throws Exception {
        Path trust = TestImages.trustFile(tmp, TestImages.ephemeralKey());
        CoreConfig config = CoreConfig.under(tmp.resolve("home"))
                .withTaLoading(new TaLoading(List.of(trust), null, null, 0, 2_000, false));
        try (TeeProcesses tee = TeeProcesses.start(config, List.of(), LogSink.discard())) {
            Cli.Result r = Cli.run("ta", "reset-floor", TestImages.HELLO.toString(), "--home", tmp.resolve("home").toString());
            assertEquals(1, r.status(), r.toString());
            assertEquals("jtee ta reset-floor: the core did not reset the version floor of " + TestImages.HELLO + ": this core"
                    + " does not trust the development key (nor debugs TAs), so it keeps every version floor: a production"
                    + " core never loads an older version of a TA than it has loaded\n", r.err());
        }
    }

    @Test
    void installIntoTheDirectory_olderThanInstalled_saysHowToGoBackWhileDeveloping() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        Path taDir = tmp.resolve("installed");
        assertEquals(0, Cli.run("ta", "install", TestImages.write(tmp.resolve("a"), TestImages.signedByDevKey(keys,
                TaVersions.parse("1.1"))).toString(), "--ta-dir", taDir.toString(), "--keys-dir", keys.toString()).status());
        Path older = TestImages.write(tmp.resolve("b"), TestImages.signedByDevKey(keys, TaVersions.parse("1.0")));
        Cli.Result r = Cli.run("ta", "install", older.toString(), "--ta-dir", taDir.toString(), "--keys-dir", keys.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("jtee ta install: refused: version 1.0.0 of " + TestImages.HELLO + " is older than the installed version"
                + " 1.1.0 in " + taDir.resolve(TestImages.HELLO + ".ta") + " (TA versions only go forward; while developing,"
                + " `jtee ta uninstall " + TestImages.HELLO + "` removes it, and `jtee ta reset-floor " + TestImages.HELLO
                + "` makes a running development core forget it loaded 1.1.0)\n", r.err());
        assertTrue(Files.exists(taDir.resolve(TestImages.HELLO + ".ta")));
    }

    /** Opens hello_world and increments 42 with it. */
    private static int increment(CoreConfig config) throws TeeException {
        try (TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(HelloWorldContract.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(42, 0);
            s.invokeCommand(HelloWorldContract.CMD_INC_VALUE, Operation.of(v));
            return v.a();
        }
    }
}
