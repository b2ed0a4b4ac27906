package org.jtee.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the C tests of libteec.so.2 (native/tests/teec_test.c, built by build.sh in the compile
 * phase) against a core in this JVM that serves {@link ClientApiTa}: once as built and once
 * under AddressSanitizer and UndefinedBehaviorSanitizer.
 */
class LibteecTest {
    private static final Path BUILD = Path.of("target");
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    static Path home;
    static Core core;
    static Path socket;

    @BeforeAll
    static void startCore() throws IOException {
        socket = home.resolve("client.sock");
        core = startCore(home.resolve("core"), socket);
    }

    @AfterAll
    static void stopCore() {
        if (core != null) {
            core.close();
        }
    }

    private static Core startCore(Path state, Path clientSocket) throws IOException {
        CoreConfig config = Pkcs11Tee.coreConfig(state, clientSocket).withCallSlots(8);
        config = config.withSupplicant(config.supplicant().withLaunch(false));
        return Core.start(config, LibteecTest.class.getClassLoader());
    }

    /** The identity OP-TEE's Linux driver gives a login: UUIDv5 of {@code name} in OP-TEE's namespace. */
    private static String uuidV5(String name) throws NoSuchAlgorithmException {
        UUID ns = UUID.fromString("58ac9ca0-2086-4683-a1b8-ec4bc08e01b6");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(ByteBuffer.allocate(16).putLong(ns.getMostSignificantBits()).putLong(ns.getLeastSignificantBits()).array());
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.US_ASCII));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        return HexFormat.of().formatHex(h, 0, 16);
    }

    private static Pkcs11Tee.Run run(String build, Path clientSocket, List<String> args, Map<String, String> env)
            throws Exception {
        Path binary = BUILD.resolve(build).resolve("tests/teec_test").toAbsolutePath();
        assertTrue(Files.isExecutable(binary), binary + " was not built (native/build.sh)");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(args);
        Map<String, String> environment = new HashMap<>(Pkcs11Tee.SANITIZERS);
        environment.putAll(env);
        return Pkcs11Tee.run(BUILD.toAbsolutePath(), clientSocket, environment, command, TIMEOUT_SECONDS);
    }

    private static void runAllCases(String build) throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        Pkcs11Tee.Run r = run(build, socket, List.of(), Map.of(
                "EXPECT_USER_UUID", uuidV5("uid=" + Integer.toHexString(uid)),
                "EXPECT_GROUP_UUID", uuidV5("gid=" + Integer.toHexString(gid))));
        assertEquals(0, r.exit(), "teec_test (" + build + ") failed:\n" + r.out() + r.err());
        assertTrue(r.out().contains("ok threads") && !r.out().contains("not ok"), r.out());
    }

    @Test
    void everyCasePasses() throws Exception {
        runAllCases("release");
    }

    @Test
    void everyCasePassesUnderAsanAndUbsan() throws Exception {
        runAllCases("sanitize");
    }

    @Test
    void noCoreIsACommunicationErrorThatNamesTheSocket() throws Exception {
        Path nowhere = home.resolve("nobody-listens.sock");
        Pkcs11Tee.Run r = run("sanitize", nowhere, List.of("--no-core"), Map.of());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(nowhere.toString()), "the trace names the socket: " + r.err());
    }

    @Test
    @Timeout(value = TIMEOUT_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCoreThatDiesMidCallFailsTheCallWithComms() throws Exception {
        Path state = home.resolve("dying");
        Path dyingSocket = state.resolve("client.sock");
        Files.createDirectories(state);
        Core dying = startCore(state.resolve("core"), dyingSocket);
        try {
            Path binary = BUILD.resolve("sanitize/tests/teec_test").toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--core-dies");
            pb.environment().put("JTEE_SOCKET", dyingSocket.toString());
            pb.environment().put("ASAN_OPTIONS", "detect_leaks=1:exitcode=23");
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.equals("waiting")) {
                    Thread.sleep(300); // let the call reach the TA
                    dying.close();
                }
            }
            assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), seen.toString());
            assertTrue(seen.toString().contains("ok --core-dies"), seen.toString());
        } finally {
            dying.close();
        }
    }
}
