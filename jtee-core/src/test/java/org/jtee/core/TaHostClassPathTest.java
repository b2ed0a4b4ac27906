package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.core.host.TaHost;
import org.jtee.ta.TrustedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TA host's class path is the TA platform only: a TA in a host cannot load any class of the
 * core, through its own class loader or its parent ({@link CoreClassTa}).
 */
class TaHostClassPathTest {
    @TempDir
    Path home;

    @Test
    void aTaInAHost_cannotLoadAClassOfTheCore() throws Exception {
        try (DynamicTas tas = new DynamicTas(home, 0)) {
            tas.install(CoreClassTa.class, CoreClassTa.UUID, 0x10000);
            try (var ctx = tas.context(); TeeSession ta = ctx.openSession(CoreClassTa.UUID, LoginMethod.PUBLIC, null)) {
                assertEquals(List.of("own: loaded", "parent: loaded"), load(ta, TrustedApplication.class.getName()),
                        "the probe loads what is on the host's class path");
                for (String coreClass : List.of(Core.class.getName(), TaHost.class.getName())) {
                    assertEquals(List.of("own: java.lang.ClassNotFoundException: " + coreClass,
                            "parent: java.lang.ClassNotFoundException: " + coreClass), load(ta, coreClass));
                }
                String core = locationOf(Core.class);
                List<String> classPath = Arrays.asList(command(ta, CoreClassTa.CMD_CLASS_PATH, "").split(File.pathSeparator));
                assertNotEquals(List.of(""), classPath);
                assertFalse(classPath.contains(core), "jtee-core (" + core + ") is not on the host's class path " + classPath);
            }
        }
    }

    private static List<String> load(TeeSession ta, String className) throws TeeException {
        return List.of(command(ta, CoreClassTa.CMD_LOAD, className).split("\n"));
    }

    private static String command(TeeSession ta, int command, String argument) throws TeeException {
        TempMemory out = TempMemory.output(4096);
        ta.invokeCommand(command, Operation.of(TempMemory.input(argument.getBytes(StandardCharsets.UTF_8)), out));
        return new String(out.data(), StandardCharsets.UTF_8).strip();
    }

    private static String locationOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
