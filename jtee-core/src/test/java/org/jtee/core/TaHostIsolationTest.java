package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.core.MaliciousTa.Attack;
import org.jtee.os.Hardening;
import org.jtee.os.Landlock;
import org.jtee.os.Seccomp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A TA that tries every way out of its host, under each set of mechanisms a host can be confined
 * with: this kernel's Landlock ABI, and the ABIs of older kernels (TCP from 4, signals from 6)
 * with the seccomp filter covering the rest. Every attempt fails and the core keeps serving.
 */
class TaHostIsolationTest {
    private static final String ABI_LIMIT = "jtee.host.landlockAbiLimit";
    private static final String SECCOMP = "jtee.host.seccomp";

    @TempDir
    Path home;

    /** Landlock as an ABI limit (this kernel's, Linux 6.8's, Linux 6.1's), seccomp always. */
    enum Mechanisms {
        THIS_KERNEL(Integer.MAX_VALUE), LANDLOCK_ABI_4(4), LANDLOCK_ABI_2(2);

        final int landlockAbiLimit;

        Mechanisms(int landlockAbiLimit) {
            this.landlockAbiLimit = landlockAbiLimit;
        }
    }

    @AfterEach
    void forgetLimits() {
        System.clearProperty(ABI_LIMIT);
        System.clearProperty(SECCOMP);
    }

    @ParameterizedTest
    @EnumSource(Mechanisms.class)
    void everyEscapeFails_andTheCoreKeepsServing(Mechanisms mechanisms) throws Exception {
        assumeTrue(Landlock.abiVersion() >= 1 && Seccomp.isAvailable(), "this kernel has Landlock and seccomp");
        System.setProperty(ABI_LIMIT, Integer.toString(mechanisms.landlockAbiLimit));
        try (DynamicTas tas = new DynamicTas(home, 0);
                DatagramSocket udp = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            tas.install(MaliciousTa.class, MaliciousTa.UUID, 0x10000, org.jtee.os.SmuggledIntoOs.class);
            try (var ctx = tas.context(); TeeSession ta = ctx.openSession(MaliciousTa.UUID, LoginMethod.PUBLIC, null)) {
                List<String> escapes = new ArrayList<>();
                for (Attack attack : Attack.values()) {
                    String outcome = attempt(ta, attack, argumentFor(attack, tas, udp, tcp));
                    boolean rootKeptBoundingSet = (attack == Attack.CAPABILITIES || attack == Attack.CAPABILITIES_OF_EVERY_THREAD)
                            && Hardening.uid() == 0 && !outcome.contains("CapBnd:0000000000000000");
                    boolean listenerNotRun = attack == Attack.READ_FILE_FROM_GC_LISTENER
                            && !outcome.contains("the listener ran on thread");
                    if (!outcome.startsWith("blocked") || rootKeptBoundingSet || listenerNotRun) {
                        escapes.add(attack + ": " + outcome);
                    }
                }
                assertEquals(List.of(), escapes, "under " + mechanisms);
                udp.setSoTimeout(100);
                assertThrows(SocketTimeoutException.class, () -> udp.receive(new DatagramPacket(new byte[8], 8)),
                        "no datagram arrived");
                String jdkFile = Path.of(System.getProperty("java.home"), "release").toString();
                assertTrue(attempt(ta, Attack.READ_FILE, jdkFile).startsWith("ESCAPED"),
                        "the host still runs calls, and reads what it may: " + attempt(ta, Attack.READ_FILE, jdkFile));
                try (TeeSession inCore = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
                    ValueParameter v = ValueParameter.inout(1, 2);
                    inCore.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
                    assertEquals(3, v.a(), "the core serves on");
                }
            }
        }
    }

    @Test
    void aGcListener_onTheJvmsNotificationThread_cannotReadTheHuk() throws Exception {
        assumeTrue(Landlock.abiVersion() >= 1 && Seccomp.isAvailable(), "this kernel has Landlock and seccomp");
        try (DynamicTas tas = new DynamicTas(home, 0)) {
            tas.install(MaliciousTa.class, MaliciousTa.UUID, 0x10000, org.jtee.os.SmuggledIntoOs.class);
            try (var ctx = tas.context(); TeeSession ta = ctx.openSession(MaliciousTa.UUID, LoginMethod.PUBLIC, null)) {
                String huk = tas.tee.config.stateDirectory().resolve("huk").toString();
                String outcome = attempt(ta, Attack.READ_FILE_FROM_GC_LISTENER, huk);
                assertTrue(outcome.startsWith("blocked") && outcome.contains("the listener ran on thread"), outcome);
            }
        }
    }

    @Test
    void everyThreadOfAHost_theJvmsOwnIncluded_holdsNoCapability() throws Exception {
        assumeTrue(Landlock.abiVersion() >= 1 && Seccomp.isAvailable(), "this kernel has Landlock and seccomp");
        try (DynamicTas tas = new DynamicTas(home, 0)) {
            tas.install(MaliciousTa.class, MaliciousTa.UUID, 0x10000, org.jtee.os.SmuggledIntoOs.class);
            try (var ctx = tas.context(); TeeSession ta = ctx.openSession(MaliciousTa.UUID, LoginMethod.PUBLIC, null)) {
                String outcome = attempt(ta, Attack.CAPABILITIES_OF_EVERY_THREAD, "");
                assertTrue(outcome.startsWith("blocked: java.lang.SecurityException: none of"), outcome);
                if (Hardening.uid() == 0) {
                    assertTrue(outcome.endsWith("CapBnd:0000000000000000"), "run as root, the bounding set is empty: " + outcome);
                }
            }
        }
    }

    @Test
    void withoutSeccomp_hostsRefuseToRun() throws Exception {
        System.setProperty(SECCOMP, "false");
        try (DynamicTas tas = new DynamicTas(home, 0)) {
            tas.install(MaliciousTa.class, MaliciousTa.UUID, 0x10000, org.jtee.os.SmuggledIntoOs.class);
            try (var ctx = tas.context()) {
                assertThrows(TeeException.class, () -> ctx.openSession(MaliciousTa.UUID, LoginMethod.PUBLIC, null).close());
            }
        }
    }

    @Test
    void withoutSeccomp_weakIsolationAllowed_hostsRunConfinedByWhatThereIs() throws Exception {
        assumeTrue(Landlock.abiVersion() >= 1, "this kernel has Landlock");
        System.setProperty(SECCOMP, "false");
        try (DynamicTas tas = new DynamicTas(home, 0, true)) {
            tas.install(MaliciousTa.class, MaliciousTa.UUID, 0x10000, org.jtee.os.SmuggledIntoOs.class);
            try (var ctx = tas.context(); TeeSession ta = ctx.openSession(MaliciousTa.UUID, LoginMethod.PUBLIC, null)) {
                String huk = tas.tee.config.stateDirectory().resolve("huk").toString();
                assertTrue(attempt(ta, Attack.READ_FILE, huk).startsWith("blocked"), "Landlock still guards the HUK");
                assertTrue(attempt(ta, Attack.UNSAFE_MEMORY, "").startsWith("blocked"), "and the JVM still refuses Unsafe");
            }
        }
    }

    private static String argumentFor(Attack attack, DynamicTas tas, DatagramSocket udp, ServerSocket tcp) {
        return switch (attack) {
            case UDP -> Integer.toString(udp.getLocalPort());
            case TCP -> Integer.toString(tcp.getLocalPort());
            case UNIX_SOCKET -> tas.tee.config.clientSocket().toString();
            case SIGNAL_PID -> Long.toString(ProcessHandle.current().pid());
            case EXEC -> ProcessHandle.current().info().command().orElseThrow();
            case READ_FILE, READ_FILE_FROM_GC_LISTENER -> tas.tee.config.stateDirectory().resolve("huk").toString();
            default -> "";
        };
    }

    private static String attempt(TeeSession ta, Attack attack, String argument) throws TeeException {
        TempMemory out = TempMemory.output(1024);
        ta.invokeCommand(MaliciousTa.CMD_TRY, Operation.of(ValueParameter.input(attack.ordinal(), 0),
                TempMemory.input(argument.getBytes(StandardCharsets.UTF_8)), out));
        return new String(out.data(), StandardCharsets.UTF_8).strip();
    }
}
