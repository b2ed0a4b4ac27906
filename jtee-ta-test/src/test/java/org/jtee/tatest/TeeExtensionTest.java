package org.jtee.tatest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;
import org.jtee.tatest.tas.GpTas;
import org.jtee.tatest.tas.SharedKeptTa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What {@link TeeExtension} gives a test class, and how it fails when it cannot. */
class TeeExtensionTest {
    /** Explicit, so that a -Djtee.test.target=running given to the whole build does not change these tests. */
    private static final Map<String, String> IN_PROCESS = Map.of(TeeExtension.TARGET, "in-process");

    @TempDir
    Path home;

    @Test
    void inProcess_eachTestGetsAContextOfItsOwn_closedAfterIt_onOneCoreForTheClass_goneAfterIt() {
        Contexts.SEEN.clear();
        Launch run = Launch.run(Contexts.class, IN_PROCESS);
        assertEquals("", run.failures());
        assertEquals(Set.of("one", "two"), run.passed());
        assertEquals(2, Contexts.SEEN.size());
        Contexts one = Contexts.SEEN.get(0);
        Contexts two = Contexts.SEEN.get(1);
        assertNotSame(one.context, two.context, "a context per test");
        assertFalse(one.context.isOpen() || two.context.isOpen(), "closed after the test");
        assertEquals(TestTee.Mode.IN_PROCESS, one.tee.mode());
        assertEquals(one.tee.clientSocket(), two.tee.clientSocket(), "one core for the class");
        assertFalse(Files.exists(one.tee.clientSocket().getParent()), "the core's directory is gone after the class");
    }

    @Test
    void inProcess_aNestedClass_usesTheCoreOfItsEnclosingClass() {
        Outer.SOCKETS.clear();
        Launch run = Launch.run(Outer.class, IN_PROCESS);
        assertEquals("", run.failures());
        assertEquals(Set.of("outer", "inner"), run.passed());
        assertEquals(2, Outer.SOCKETS.size());
        assertEquals(Outer.SOCKETS.get(0), Outer.SOCKETS.get(1));
    }

    @Test
    void aTargetNotKnown_failsTheClass_namingTheTargetsThereAre() {
        String failures = Launch.run(Plain.class, Map.of(TeeExtension.TARGET, "remote")).failures();
        assertTrue(failures.contains("jtee.test.target is 'remote'; use in-process (the default) or running"), failures);
    }

    /** How {@code mvn test -Djtee.test.target=...} reaches the extension: as a system property of the test JVM. */
    @Test
    void theTarget_isReadFromASystemPropertyToo() {
        String before = System.setProperty(TeeExtension.TARGET, "remote");
        String failures;
        try {
            failures = Launch.run(Plain.class, Map.of()).failures();
        } finally {
            if (before == null) {
                System.clearProperty(TeeExtension.TARGET);
            } else {
                System.setProperty(TeeExtension.TARGET, before);
            }
        }
        assertTrue(failures.contains("jtee.test.target is 'remote'"), failures);
    }

    @Test
    void running_withNoJteeAtTheSocket_failsTheTest_sayingWhere() {
        Path socket = home.resolve("none.sock");
        String failures = Launch.run(Plain.class, Map.of(TeeExtension.TARGET, "running", TeeExtension.SOCKET, socket.toString()))
                .failures();
        assertTrue(failures.contains("no TeeContext for test(TeeContext) (jtee.test.target=running): "
                + "TEE_ERROR_COMMUNICATION (origin COMMS): no jtee core at " + socket), failures);
    }

    @Test
    void inProcess_aTaClassThatATaHostCouldNotConstruct_failsTheClass_namingIt() {
        String failures = Launch.run(Unconstructible.class, IN_PROCESS).failures();
        assertTrue(failures.contains("cannot start an in-process jtee for " + Unconstructible.class.getName() + ": "
                + NoConstructorTa.class.getName() + " needs a public constructor without arguments"), failures);
    }

    /** Records the context and the TEE each test got, and leaves a session open for the extension to close. */
    @ExtendWith(FixtureGate.class)
    @TeeTest(tas = SharedKeptTa.class)
    static class Contexts {
        static final List<Contexts> SEEN = Collections.synchronizedList(new ArrayList<>());

        TeeContext context;
        TestTee tee;
        private TeeContext beforeEach;

        @BeforeEach
        void before(TeeContext context) {
            beforeEach = context;
        }

        @Test
        void one(TeeContext context, TestTee tee) throws Exception {
            check(context, tee);
        }

        @Test
        void two(TeeContext context, TestTee tee) throws Exception {
            check(context, tee);
        }

        private void check(TeeContext context, TestTee tee) throws Exception {
            this.context = context;
            this.tee = tee;
            SEEN.add(this);
            assertSame(beforeEach, context, "@BeforeEach and the test share the test's context");
            assertTrue(context.isOpen());
            TeeSession left = context.openSession(GpTas.uuid(GpTas.SHARED_KEPT), LoginMethod.PUBLIC, null);
            left.invokeCommand(GpTas.COUNT_INSTANCE, Operation.of(ValueParameter.output()));
        }
    }

    /** A class and a nested class, each noting the socket of its TEE. */
    @ExtendWith(FixtureGate.class)
    @TeeTest(tas = SharedKeptTa.class)
    static class Outer {
        static final List<Path> SOCKETS = Collections.synchronizedList(new ArrayList<>());

        @Test
        void outer(TestTee tee) {
            SOCKETS.add(tee.clientSocket());
        }

        @Nested
        class Inner {
            @Test
            void inner(TeeContext context, TestTee tee) {
                assertTrue(context.isOpen());
                SOCKETS.add(tee.clientSocket());
            }
        }
    }

    /** A test that needs a context, whatever its TAs. */
    @ExtendWith(FixtureGate.class)
    @TeeTest(tas = SharedKeptTa.class)
    static class Plain {
        @Test
        void test(TeeContext context) {
            assertTrue(context.isOpen());
        }
    }

    @ExtendWith(FixtureGate.class)
    @TeeTest(tas = NoConstructorTa.class)
    static class Unconstructible {
        @Test
        void test(TeeContext context) {
            assertTrue(context.isOpen());
        }
    }

    /** A TA class a TA host could not construct: its only constructor takes an argument. */
    @Ta(uuid = "6a7e57a0-0e0e-4000-8000-000000000001")
    public static final class NoConstructorTa implements TrustedApplication<Void> {
        public NoConstructorTa(int unused) {}

        @Override
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {}
    }
}
