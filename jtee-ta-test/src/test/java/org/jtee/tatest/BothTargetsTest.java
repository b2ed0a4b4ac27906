package org.jtee.tatest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jtee.tatest.tas.TaJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same tests, unchanged, in-process and against a real jtee: {@link GpSemanticsTest} runs
 * twice with the JUnit Platform Launcher, once with its TAs as built-in TAs of a core in this JVM
 * ({@code jtee.test.target=in-process}), once against a core process whose TA hosts run them, signed
 * and installed as a TA project installs them ({@code jtee.test.target=running},
 * {@link JteeProcess}). The same tests must run and pass in both, and every test must have seen
 * the same: results, origins and values.
 */
class BothTargetsTest {
    @TempDir
    Path home;

    @Test
    void gpSemantics_inProcessAndAgainstARealJtee_runTheSameTests_passThem_andSeeTheSame() throws Exception {
        GpSemanticsTest.OBSERVED.clear();
        Launch inProcess = Launch.run(GpSemanticsTest.class, Map.of(TeeExtension.TARGET, "in-process"));
        Launch running;
        List<Class<?>> tas = List.of(GpSemanticsTest.class.getAnnotation(TeeTest.class).tas());
        try (JteeProcess jtee = JteeProcess.start(home, tas, TaJars::of, System.out)) {
            running = Launch.run(GpSemanticsTest.class, Map.of(TeeExtension.TARGET, "running", TeeExtension.SOCKET,
                    jtee.clientSocket().toString()));
        }

        assertEquals("", inProcess.failures(), "in-process");
        assertEquals("", running.failures(), "against a running jtee");
        assertEquals(testMethods(), inProcess.passed(), "every test ran and passed in-process");
        assertEquals(inProcess.passed(), running.passed(), "the same tests passed in both");
        Map<String, List<String>> seenInProcess = GpSemanticsTest.OBSERVED.get("in-process");
        Map<String, List<String>> seenRunning = GpSemanticsTest.OBSERVED.get("running");
        for (String test : testMethods()) {
            assertTrue(!seenInProcess.get(test).isEmpty(), test + " saw something");
            assertEquals(seenInProcess.get(test), seenRunning.get(test), test + ": what it saw in-process (expected) and against "
                    + "a running jtee (actual)");
        }
    }

    /** The names of GpSemanticsTest's test methods. */
    private static Set<String> testMethods() {
        return Arrays.stream(GpSemanticsTest.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
