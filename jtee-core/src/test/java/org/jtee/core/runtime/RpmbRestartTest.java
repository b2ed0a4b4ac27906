package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.CoreMain;
import org.jtee.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPMB store across restarts of a core whose supplicant is a process of its own, as
 * {@code jtee up} runs them: a core stopped or killed right after its first boot (which programs
 * the device's key and makes the store's counter, but writes nothing, so the device's write
 * counter is still 0) mounts the store again; a device put back to that state after a commit is
 * still a rollback.
 */
class RpmbRestartTest {
    private static final UUID TA = UUID.fromString("0c3e6a51-2f4d-4b8e-9a71-5d2c8e0f4b17");
    private static final ObjectStore.Header DATA = new ObjectStore.Header(0xA00000BF, 0, 0, 0xFFFFFFFF, new byte[0]);
    private static final byte[] ID = {'r', '1'};
    private static final byte[] CONTENT = "kept in RPMB".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;

    /** A core's storage as it boots: its supplicant process, the stores, every store mounted. */
    private final class Boot implements AutoCloseable {
        final SupplicantLink link;
        final CoreStorage storage;
        final HardwareUniqueKey huk;

        Boot() throws IOException, InterruptedException {
            Path state = home.resolve("core");
            if (!Files.isDirectory(state)) {
                Files.createDirectories(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom());
            link = SupplicantLink.launch(List.of(), home.resolve("ree"), 30_000, 10_000);
            assertTrue(link.awaitConnected(60_000), "the supplicant process connected");
            storage = CoreStorage.open(huk, link::call, state);
            storage.mountAll();
        }

        /** The supplicant process gets SIGKILL, as when its core dies; the core's storage is not closed. */
        void kill() {
            link.close();
        }

        @Override
        public void close() {
            storage.close();
            link.close();
            huk.close();
        }
    }

    private Path image() {
        return home.resolve("ree").resolve("rpmb_device.img");
    }

    @Test
    void aCoreKilledAfterItsFirstBoot_mountsRpmbAgain_andARollbackAfterACommitIsStillCaught() throws Exception {
        Boot first = new Boot();
        try {
            assertEquals(0, first.storage.rpmb().usage().size(), "the first boot mounts a new, empty RPMB store");
            assertTrue(Files.exists(home.resolve("core/storage/rpmb.counter")), "the first boot made the store's counter");
            first.kill();
        } finally {
            first.storage.close();
            first.huk.close();
        }
        Path keyedNeverWritten = home.resolve("keyed-never-written.img");
        Files.copy(image(), keyedNeverWritten);

        try (Boot second = new Boot()) {
            ObjectStore rpmb = second.storage.rpmb();
            assertEquals(0, rpmb.usage().size(), "the RPMB store mounts after a first boot that wrote nothing");
            rpmb.create(TA, ID, DATA, CONTENT, false);
        }
        try (Boot third = new Boot()) {
            assertArrayEquals(CONTENT, read(third.storage.rpmb()), "the object is there after a restart");
        }

        Files.copy(keyedNeverWritten, image(), StandardCopyOption.REPLACE_EXISTING);
        try (Boot rolledBack = new Boot()) {
            TeeException e = assertThrows(TeeException.class, () -> rolledBack.storage.rpmb().usage());
            assertEquals(TeeResult.SECURITY, e.result(), e.getMessage());
        }
    }

    /**
     * {@code jtee up}'s core as a process: stopped with SIGTERM or SIGKILL once it is ready after
     * its first boot, started again on the same home, its RPMB store mounts.
     */
    @Test
    void theCoreProcess_stoppedOrKilledAfterItsFirstBoot_mountsRpmbAtTheNextBoot() throws Exception {
        for (boolean kill : new boolean[] {false, true}) {
            Path dir = Files.createDirectories(home.resolve(kill ? "killed" : "stopped"));
            List<String> firstBoot = bootAndStop(dir, kill);
            assertTrue(firstBoot.stream().anyMatch(l -> l.contains("trusted storage rpmb: 0 objects")), String.join("\n", firstBoot));
            List<String> secondBoot = bootAndStop(dir, false);
            assertFalse(secondBoot.stream().anyMatch(l -> l.contains("not mounted at boot")), String.join("\n", secondBoot));
            assertTrue(secondBoot.stream().anyMatch(l -> l.contains("trusted storage rpmb: 0 objects")), String.join("\n", secondBoot));
        }
    }

    /**
     * Starts a core process under {@code dir}, waits until it is ready, stops it (SIGTERM, or
     * SIGKILL if {@code kill}) and waits until it and its supplicant have ended; the core's lines
     * up to ready.
     */
    private static List<String> bootAndStop(Path dir, boolean kill) throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CoreMain.class.getName(),
                "--state-dir", dir.resolve("core").toString(), "--client-socket", dir.resolve("client.sock").toString(),
                "--no-dev-key", "--host-pool", "0", "--allow-weak-isolation");
        Process core = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(core.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("jtee core ready")) {
                lines.add(line);
            }
            assertTrue(line != null, "the core started:\n" + String.join("\n", lines));
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(System.err::println));
            List<ProcessHandle> children = core.toHandle().descendants().toList();
            if (kill) {
                core.toHandle().destroyForcibly();
            } else {
                core.toHandle().destroy();
            }
            assertTrue(core.waitFor(60, TimeUnit.SECONDS), "the core ended");
            for (ProcessHandle child : children) {
                child.onExit().get(60, TimeUnit.SECONDS);
            }
            return lines;
        } finally {
            core.destroyForcibly();
        }
    }

    private static byte[] read(ObjectStore store) throws TeeException {
        ObjectStore.Entry e = store.find(TA, ID);
        byte[] b = new byte[(int) e.dataSize()];
        store.read(e.number(), 0, b, 0, b.length);
        return b;
    }
}
