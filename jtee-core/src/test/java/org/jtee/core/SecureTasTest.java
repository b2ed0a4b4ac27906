package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.core.pta.SystemPtaReplies;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.core.ta.SecureTas;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TAs installed in the core's secure storage through the system PTA: found before the TA
 * directories, verified at install and at every load, removed again; the administration
 * commands refused to TAs; the nil UUID refused everywhere. A real core with an in-process
 * supplicant that serves a TA directory and secure storage's files.
 */
class SecureTasTest {
    @TempDir
    Path home;
    private KeyPair key;
    private Path taDir;
    private CoreConfig config;
    private CoreFixture tee;
    private TeeContext ctx;

    @BeforeEach
    void start() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path trust = home.resolve("trust.pem");
        Pem.writePublicKey(key.getPublic(), trust);
        taDir = Files.createDirectories(home.resolve("ta"));
        config = CoreConfig.under(home).withHardening(false)
                .withTaLoading(new TaLoading(List.of(trust), null, null, 0, 2_000, false));
        boot();
    }

    private void boot() throws IOException, TeeException {
        tee = new CoreFixture(config).withSupplicant(List.of(taDir));
        ctx = tee.context();
    }

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.close();
        }
        if (tee != null) {
            tee.close();
        }
        ctx = null;
        tee = null;
    }

    private void restart() throws IOException, TeeException {
        stop();
        boot();
    }

    private byte[] image(Class<?> ta, UUID uuid, long version) throws IOException {
        return TaSigner.withKey(key.getPrivate()).sign(uuid, version, TaJar.of(ta));
    }

    private void inDirectory(UUID uuid, byte[] image) throws IOException {
        Files.write(taDir.resolve(uuid + ".ta"), image);
    }

    private TeeSession systemPta() throws TeeException {
        return ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null);
    }

    private int install(byte[] image) throws TeeException {
        try (TeeSession s = systemPta()) {
            ValueParameter version = ValueParameter.output();
            s.invokeCommand(SystemPtaContract.CMD_INSTALL_TA, Operation.of(TempMemory.input(image), version));
            return version.a();
        }
    }

    private void uninstall(UUID uuid) throws TeeException {
        byte[] raw = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
        try (TeeSession s = systemPta()) {
            s.invokeCommand(SystemPtaContract.CMD_UNINSTALL_TA, Operation.of(TempMemory.input(raw)));
        }
    }

    private byte[] reply(int command) throws TeeException {
        try (TeeSession s = systemPta()) {
            TempMemory out = TempMemory.output(1 << 16);
            s.invokeCommand(command, Operation.of(out));
            return out.data();
        }
    }

    /** Opens the probe TA and has it echo a value: proof that some copy of it loaded. */
    private int echo() throws TeeException {
        try (TeeSession s = ctx.openSession(AdminProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(42, 0);
            s.invokeCommand(AdminProbeTa.CMD_ECHO, Operation.of(v));
            return v.b();
        }
    }

    private static int resultOf(Executable e) {
        return assertThrows(TeeException.class, e::run).result();
    }

    private interface Executable {
        void run() throws Exception;
    }

    @Test
    void aTaInstalledInSecureStorage_isFound_whenNoDirectoryHasIt_alsoAfterARestart() throws Exception {
        assertEquals(TeeResult.ITEM_NOT_FOUND, resultOf(this::echo));
        assertEquals(3, install(image(AdminProbeTa.class, AdminProbeTa.UUID, 3)));
        assertEquals(42, echo());
        restart();
        assertEquals(42, echo());
    }

    @Test
    void aTaInBothPlaces_theSecureCopyLoads() throws Exception {
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        install(image(AdminProbeTa.class, AdminProbeTa.UUID, 2));
        assertEquals(42, echo());
        uninstall(AdminProbeTa.UUID);
        // the copy that loaded raised the floor to 2: the directory's version 1 is refused now
        assertEquals(TeeResult.SECURITY, resultOf(this::echo));
    }

    @Test
    void uninstall_removesIt_andTheDirectoryCopyIsFoundAgain_aSecondUninstallIsItemNotFound() throws Exception {
        install(image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        uninstall(AdminProbeTa.UUID);
        assertEquals(42, echo());
        assertEquals(TeeResult.ITEM_NOT_FOUND, resultOf(() -> uninstall(AdminProbeTa.UUID)));
        Files.delete(taDir.resolve(AdminProbeTa.UUID + ".ta"));
        assertEquals(TeeResult.ITEM_NOT_FOUND, resultOf(this::echo));
    }

    @Test
    void install_verifiesAsALoadDoes() throws Exception {
        byte[] good = image(AdminProbeTa.class, AdminProbeTa.UUID, 5);
        byte[] flipped = good.clone();
        flipped[flipped.length - 10] ^= 1;
        assertEquals(TeeResult.SECURITY, resultOf(() -> install(flipped)));
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] unknownKey = TaSigner.withKey(stranger.getPrivate()).sign(AdminProbeTa.UUID, 5, TaJar.of(AdminProbeTa.class));
        assertEquals(TeeResult.SECURITY, resultOf(() -> install(unknownKey)));
        byte[] wrongClass = image(KeeperTa.class, AdminProbeTa.UUID, 5);
        assertEquals(TeeResult.SECURITY, resultOf(() -> install(wrongClass)));
        assertEquals(TeeResult.BAD_PARAMETERS, resultOf(() -> install("not an image".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(SystemPtaReplies.decodeSecureTas(reply(SystemPtaContract.CMD_SECURE_TAS)).isEmpty(), "nothing was stored");
    }

    @Test
    void install_belowTheVersionFloor_isRefused_belowTheInstalledCopy_isAccessConflict() throws Exception {
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 4));
        echo();
        assertEquals(TeeResult.SECURITY, resultOf(() -> install(image(AdminProbeTa.class, AdminProbeTa.UUID, 3))));
        install(image(AdminProbeTa.class, AdminProbeTa.UUID, 7));
        assertEquals(TeeResult.ACCESS_CONFLICT, resultOf(() -> install(image(AdminProbeTa.class, AdminProbeTa.UUID, 6))));
        install(image(AdminProbeTa.class, AdminProbeTa.UUID, 7));
    }

    @Test
    void secureTas_listsWhatIsInstalled_andUsage_countsTheCoresObjects_withoutIds() throws Exception {
        byte[] image = image(AdminProbeTa.class, AdminProbeTa.UUID, 0x10203);
        install(image);
        List<SystemPtaReplies.SecureTa> tas = SystemPtaReplies.decodeSecureTas(reply(SystemPtaContract.CMD_SECURE_TAS));
        assertEquals(List.of(new SystemPtaReplies.SecureTa(AdminProbeTa.UUID, 0x10203, image.length, "Ed25519", false)), tas);
        byte[] raw = reply(SystemPtaContract.CMD_STORAGE_USAGE);
        List<SystemPtaReplies.StoreUsage> usage = SystemPtaReplies.decodeUsage(raw);
        assertEquals("ree", usage.get(0).backend(), "stores by name");
        SystemPtaReplies.StoreUsage ree = usage.get(0);
        assertEquals(TeeResult.SUCCESS, ree.result());
        assertTrue(ree.commits() > 0, "the counter is shown");
        SystemPtaReplies.OwnerUsage core = ree.owners().stream().filter(o -> o.owner().equals(CoreObjects.OWNER)).findFirst().orElseThrow();
        assertTrue(core.objects() >= 1 && core.bytes() >= image.length, core.toString());
        assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("ta:"), "no object id in the reply");
    }

    @Test
    void aShortBuffer_getsTheSizeNeeded() throws Exception {
        install(image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        try (TeeSession s = systemPta()) {
            TempMemory out = TempMemory.output(4);
            TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(SystemPtaContract.CMD_SECURE_TAS, Operation.of(out)));
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
            assertTrue(out.size() > 4, "size needed: " + out.size());
        }
    }

    @Test
    void theAdministrationCommands_areRefusedToATa() throws Exception {
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        try (TeeSession s = ctx.openSession(AdminProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            for (int command : new int[] {SystemPtaContract.CMD_INSTALL_TA, SystemPtaContract.CMD_UNINSTALL_TA,
                SystemPtaContract.CMD_STORAGE_USAGE, SystemPtaContract.CMD_SECURE_TAS}) {
                ValueParameter v = ValueParameter.inout(command, 0);
                s.invokeCommand(AdminProbeTa.CMD_CALL_SYSTEM_PTA, Operation.of(v));
                assertEquals(TeeResult.ACCESS_DENIED, v.b(), "command " + command + " from a TA");
            }
            ValueParameter ping = ValueParameter.inout(SystemPtaContract.CMD_HOST_POOL, 0);
            s.invokeCommand(AdminProbeTa.CMD_CALL_SYSTEM_PTA, Operation.of(ping));
            assertEquals(TeeResult.BAD_PARAMETERS, ping.b(), "the TA reaches the system PTA; only the admin commands are closed");
        }
    }

    @Test
    void theNilUuid_isRefused_inADirectory_andAtInstall() throws Exception {
        UUID nil = CoreObjects.OWNER;
        byte[] image = image(NilUuidTa.class, nil, 1);
        inDirectory(nil, image);
        TeeException open = assertThrows(TeeException.class, () -> ctx.openSession(nil, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.ITEM_NOT_FOUND, open.result());
        assertEquals(TeeResult.SECURITY, resultOf(() -> install(image)));
    }

    /** Secure storage takes what one commit carries: 4 MiB. */
    @Test
    void anImageNearTheLimit_installsAndLoads_oneOverIsStorageNoSpace() throws Exception {
        byte[] filler = new byte[SecureTas.MAX_IMAGE_BYTES - (64 << 10)];
        new java.util.Random(3).nextBytes(filler);
        String classFile = AdminProbeTa.class.getName().replace('.', '/') + ".class";
        byte[] jar;
        try (var in = AdminProbeTa.class.getClassLoader().getResourceAsStream(classFile)) {
            jar = TaJar.of(AdminProbeTa.class.getName(), Map.of(classFile, in.readAllBytes(), "filler.bin", filler));
        }
        byte[] big = TaSigner.withKey(key.getPrivate()).sign(AdminProbeTa.UUID, 1, jar);
        assertTrue(big.length > SecureTas.MAX_IMAGE_BYTES - (64 << 10) && big.length <= SecureTas.MAX_IMAGE_BYTES, "" + big.length);
        install(big);
        assertEquals(42, echo());
        assertEquals(TeeResult.STORAGE_NO_SPACE, resultOf(() -> install(new byte[SecureTas.MAX_IMAGE_BYTES + 1])));
    }

    @Test
    void aVersionFloor_outlivesARestartOfTheCore() throws Exception {
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 2));
        assertEquals(42, echo());
        restart();
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        assertEquals(TeeResult.SECURITY, resultOf(this::echo));
    }

    @Test
    void theOldFloorsFile_isMovedIntoStorage_atTheFirstLoad() throws Exception {
        Path old = config.stateDirectory().resolve("ta-versions");
        Files.writeString(old, AdminProbeTa.UUID + " 5\n");
        restart();
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 4));
        assertEquals(TeeResult.SECURITY, resultOf(this::echo));
        assertFalse(Files.exists(old), "imported, then deleted");
        restart();
        assertEquals(TeeResult.SECURITY, resultOf(this::echo));
        inDirectory(AdminProbeTa.UUID, image(AdminProbeTa.class, AdminProbeTa.UUID, 5));
        assertEquals(42, echo());
    }

    /** A byte flipped in the middle of what the store wrote (the image, mostly): the store detects it. */
    @Test
    void aTamperedSecureStore_refusesTheTa() throws Exception {
        install(image(AdminProbeTa.class, AdminProbeTa.UUID, 1));
        stop();
        Path segment = segments().getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        int used = bytes.length;
        while (used > 0 && bytes[used - 1] == 0) {
            used--;
        }
        bytes[used / 2] ^= 0x40;
        Files.write(segment, bytes);
        boot();
        assertEquals(TeeResult.SECURITY, resultOf(this::echo));
    }

    private List<Path> segments() throws IOException {
        Path dir = config.stateDirectory().resolveSibling("supplicant-storage");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(f -> f.getFileName().toString().startsWith("ree-")).sorted().collect(Collectors.toList());
            assertFalse(out.isEmpty(), "no segment in " + dir);
            return out;
        }
    }
}
