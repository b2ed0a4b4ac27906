package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A core with the supplicant process it starts itself, as {@code jtee up} runs it. */
class SupplicantProcessTest {
    /** The REE time an impostor would serve. */
    private static final long IMPOSTOR_SECONDS = 42;

    @TempDir
    Path home;

    private CoreConfig config() {
        return CoreConfig.under(home).withHardening(false).withTaLoading(new TaLoading(List.of(), null, null, 0, 2_000, false));
    }

    @Test
    void sameUidProcess_cannotServeAsSupplicant_reeTimeIsTheRealOne() throws Exception {
        CoreConfig config = config();
        try (Core core = Core.start(config, SupplicantProcessTest.class.getClassLoader())) {
            AtomicBoolean served = new AtomicBoolean();
            Thread impostor = Thread.ofPlatform().daemon().start(() -> impersonate(config.stateDirectory().resolve("supplicant.sock"), served));
            impostor.join(5_000);
            long seconds = awaitReeTimeSeconds(config.clientSocket());
            assertNotEquals(IMPOSTOR_SECONDS, seconds, "the REE time came from an impostor");
            assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 60, "REE time is the real clock");
            assertFalse(served.get(), "a process the core did not start served an RPC");
            assertEquals(List.of(config.clientSocket().toAbsolutePath()), socketsUnder(home), "the client socket is the core's only socket");
            assertSupplicantHelloRefusedOnClientSocket(config.clientSocket());
        }
    }

    @Test
    void coreStartedSupplicant_servesTaImages() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path trust = home.resolve("trust.pem");
        Pem.writePublicKey(key.getPublic(), trust);
        Path taDir = Files.createDirectories(home.resolve("ta"));
        Files.write(taDir.resolve(KeeperTa.UUID + ".ta"),
                TaSigner.withKey(key.getPrivate()).sign(KeeperTa.UUID, 0x10000, TaJar.of(KeeperTa.class)));
        CoreConfig config = config().withTaLoading(new TaLoading(List.of(trust), null, null, 0, 2_000, false))
                .withSupplicant(SupplicantSettings.defaults().withTaDirectories(List.of(taDir)));
        try (Core core = Core.start(config, SupplicantProcessTest.class.getClassLoader());
                TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(KeeperTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(40, 2);
            s.invokeCommand(KeeperTa.CMD_ADD, Operation.of(v));
            assertEquals(40, v.a(), "the TA loaded through the supplicant runs");
        }
    }

    @Test
    void stoppedSupplicant_failsFast_isKilled_andAFreshOneTakesOver() throws Exception {
        CoreConfig config = config().withSupplicant(SupplicantSettings.defaults().withRpcTimeout(500));
        try (Core core = Core.start(config, SupplicantProcessTest.class.getClassLoader());
                TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            reeTime(s);
            ProcessHandle first = supplicantProcess().orElseThrow();
            signal("-STOP", first);
            TeeException timeout = assertThrows(TeeException.class, () -> reeTime(s));
            assertEquals(TeeResult.COMMUNICATION, timeout.result());
            TeeException fast = assertThrows(TeeException.class, () -> reeTime(s));
            assertEquals(TeeResult.COMMUNICATION, fast.result());
            first.onExit().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    reeTime(s);
                    break;
                } catch (TeeException e) {
                    assertTrue(System.nanoTime() < deadline, "no supplicant took over: " + e.getMessage());
                    Thread.sleep(50);
                }
            }
            assertNotEquals(first.pid(), supplicantProcess().orElseThrow().pid(), "a fresh supplicant serves");
        }
    }

    /** Tries for two seconds to connect where the supplicant socket used to be, and to serve a fake time. */
    private static void impersonate(Path socket, AtomicBoolean served) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                FrameChannel frames = new FrameChannel(ch);
                frames.write(1, new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_SUPPLICANT));
                frames.read();
                Frame f;
                while ((f = frames.read()) != null) {
                    served.set(true);
                    frames.write(f.requestId(), new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE,
                            WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, IMPOSTOR_SECONDS, 0, 0), null, null, null)));
                }
            } catch (Exception e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static void assertSupplicantHelloRefusedOnClientSocket(Path clientSocket) throws Exception {
        try (RawConnection c = RawConnection.open(clientSocket)) {
            c.send(1, new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_SUPPLICANT));
            assertTrue(c.isClosedByPeer(), "the client socket does not take a supplicant");
        }
    }

    private static List<Path> socketsUnder(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> isOther(p)).map(Path::toAbsolutePath).toList();
        }
    }

    private static boolean isOther(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static long awaitReeTimeSeconds(Path clientSocket) throws Exception {
        try (TeeContext ctx = TeeContext.open(clientSocket); TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    return reeTime(s);
                } catch (TeeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static long reeTime(TeeSession s) throws TeeException {
        ValueParameter t = ValueParameter.output();
        s.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(t));
        return Integer.toUnsignedLong(t.a());
    }

    private static Optional<ProcessHandle> supplicantProcess() {
        return ProcessHandle.current().children()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains("SupplicantMain"))
                .findFirst();
    }

    private static void signal(String signal, ProcessHandle p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start().waitFor());
    }
}
