package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image that is unsigned, signed by an unknown key, truncated, flipped, named for another
 * UUID, older than the recorded version or encrypted under the wrong key is refused with
 * {@code TEE_ERROR_SECURITY}, a log line names the reason, no TA host runs it, and the core goes
 * on serving. (Every byte and every length is covered by jtee-tapkg's own tests; these check the
 * core end to end.)
 */
class TaImageRefusalTest {
    @TempDir
    Path home;
    DynamicTas tas;
    TeeContext ctx;
    final List<String> log = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (log) {
                log.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() throws Exception {
        awaitNoChildren();
        Logger.getLogger("org.jtee.core").addHandler(capture);
        tas = new DynamicTas(home, 0);
        ctx = tas.context();
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger("org.jtee.core").removeHandler(capture);
        ctx.close();
        tas.close();
        awaitNoChildren();
    }

    /** Hosts of cores already closed may take a moment to go; the tests count the ones that run. */
    private static void awaitNoChildren() throws Exception {
        for (ProcessHandle h : ProcessHandle.current().children().toList()) {
            h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private byte[] signed(UUID uuid, long version) throws Exception {
        return Files.readAllBytes(tas.install(FaultTa.class, uuid, version, KeeperTa.class));
    }

    private void assertRefused(String reason) {
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.SECURITY, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        synchronized (log) {
            assertTrue(log.stream().anyMatch(l -> l.contains("refused the image of TA " + FaultTa.UUID) && l.contains(reason)),
                    "a log line names the reason '" + reason + "': " + log);
        }
        assertEquals(0, taHosts(), "no TA host was started for a refused image (this core has no pool)");
    }

    /** TA host processes this JVM has started. */
    private static long taHosts() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains("org.jtee.tahost.TaHostMain"))
                        .orElse(false))
                .filter(ProcessHandle::isAlive).count();
    }

    @Test
    void unsignedJar_isRefused() throws Exception {
        tas.write(FaultTa.UUID, TaJar.of(FaultTa.class));
        assertRefused("");
    }

    @Test
    void imageOfAnUnknownKey_isRefused() throws Exception {
        var stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        tas.write(FaultTa.UUID, TaSigner.withKey(stranger.getPrivate()).sign(FaultTa.UUID, 1, TaJar.of(FaultTa.class)));
        assertRefused("trusted");
    }

    @Test
    void truncatedImage_isRefused() throws Exception {
        byte[] image = signed(FaultTa.UUID, 1);
        tas.write(FaultTa.UUID, Arrays.copyOf(image, image.length - 1));
        assertRefused("truncated");
    }

    @Test
    void flippedByte_inEachRegion_isRefused() throws Exception {
        byte[] image = signed(FaultTa.UUID, 1);
        for (int at : new int[] {10, 30, 200, image.length / 2, image.length - 40, image.length - 1}) {
            byte[] bad = image.clone();
            bad[at] ^= 0x01;
            tas.write(FaultTa.UUID, bad);
            assertRefused("");
        }
    }

    @Test
    void imageNamedForAnotherUuid_isRefused() throws Exception {
        tas.write(FaultTa.UUID, signed(KeeperTa.UUID, 1));
        assertRefused(KeeperTa.UUID.toString());
    }

    @Test
    void imageWhoseClassDeclaresAnotherUuid_isRefused() throws Exception {
        tas.write(FaultTa.UUID, tas.signer().sign(FaultTa.UUID, 1, TaJar.of(KeeperTa.class)));
        assertRefused("its TA class " + KeeperTa.class.getName() + " declares @Ta(uuid = \"" + KeeperTa.UUID + "\")");
    }

    @Test
    void olderThanTheRecordedVersion_isRefused_newerLoads() throws Exception {
        signed(FaultTa.UUID, 0x20000);
        try (TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
            inc(s);
        }
        awaitNoChildren(); // the closed instance's host exits after the close has been answered
        signed(FaultTa.UUID, 0x10000);
        assertRefused("older than version 2.0.0");
        signed(FaultTa.UUID, 0x20100);
        try (TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(2, inc(s));
        }
        assertTrue(Files.notExists(tas.tee.config.stateDirectory().resolve("ta-versions")), "floors are in trusted storage");
    }

    @Test
    void encryptedImage_withNoDecryptionKey_isRefused() throws Exception {
        try (TaEncryptionKey other = TaEncryptionKey.generate(new SecureRandom())) {
            tas.write(FaultTa.UUID, tas.signer().encryptedWith(other).sign(FaultTa.UUID, 1, TaJar.of(FaultTa.class)));
        }
        assertRefused("");
    }

    @Test
    void encryptedUnderTheWrongKey_isRefused_underTheRightKeyLoads() throws Exception {
        stop();
        Path keyFile = home.resolve("enc.key");
        try (TaEncryptionKey right = TaEncryptionKey.generate(new SecureRandom());
                TaEncryptionKey wrong = TaEncryptionKey.generate(new SecureRandom())) {
            right.store(keyFile);
            Logger.getLogger("org.jtee.core").addHandler(capture);
            tas = new DynamicTas(Files.createDirectories(home.resolve("second")), 0, 2_000, keyFile);
            ctx = tas.context();
            tas.write(FaultTa.UUID, tas.signer().encryptedWith(wrong).sign(FaultTa.UUID, 1, TaJar.of(FaultTa.class)));
            assertRefused("decrypt");
            tas.write(FaultTa.UUID, tas.signer().encryptedWith(right).sign(FaultTa.UUID, 1, TaJar.of(FaultTa.class)));
            try (TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
                assertEquals(2, inc(s));
            }
        }
    }

    @Test
    void taHostCount_seesAHostWhenOneRuns() throws Exception {
        signed(FaultTa.UUID, 1);
        try (TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(1, taHosts(), "the check above could see a host");
        }
    }

    @Test
    void missingImage_isItemNotFound_andTheCoreServesOn() throws Exception {
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
        signed(FaultTa.UUID, 1);
        try (TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(2, inc(s));
        }
    }

    private static int inc(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.inout(1, 0);
        s.invokeCommand(FaultTa.CMD_INC, Operation.of(v));
        return v.a();
    }
}
