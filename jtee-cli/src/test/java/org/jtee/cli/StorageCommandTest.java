package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee ta install --secure}, {@code jtee ta uninstall --secure}, {@code jtee ta list} with
 * a core's secure storage, and {@code jtee storage}, against a real core (processes) that trusts
 * a key made for the test.
 */
class StorageCommandTest {
    @TempDir
    static Path tmp;
    static KeyPair key;
    static CoreConfig config;
    static TeeProcesses tee;

    @BeforeAll
    static void start() throws Exception {
        key = TestImages.ephemeralKey();
        Path trust = TestImages.trustFile(tmp, key);
        config = CoreConfig.under(tmp.resolve("home")).withTaLoading(new TaLoading(List.of(trust), null, null, 0, 2_000, false));
        tee = TeeProcesses.start(config, LogSink.discard());
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    private static String socket() {
        return config.clientSocket().toString();
    }

    private static Path image(String dir, long version) throws Exception {
        return TestImages.write(tmp.resolve(dir), TaSigner.withKey(key.getPrivate()).sign(TestImages.HELLO, version, TestImages.helloJar()));
    }

    @Test
    void installSecure_thenListStorageAndUninstall() throws Exception {
        Path v2 = image("v2", 2);
        Cli.Result installed = Cli.run("ta", "install", "--secure", v2.toString(), "--socket", socket());
        assertEquals(0, installed.status(), installed.toString());
        assertTrue(installed.out().contains("installed " + TestImages.HELLO + " version 0.0.2 into the secure storage"), installed.toString());

        Path dir = image("dir", 1).getParent();
        Cli.Result list = Cli.run("ta", "list", "--socket", socket(), "--ta-dir", dir.toString());
        assertEquals(0, list.status(), list.toString());
        String[] lines = list.out().split("\n");
        assertTrue(lines[1].startsWith(TestImages.HELLO.toString()) && lines[1].contains("0.0.2")
                && lines[1].endsWith(TaListCommand.SECURE), list.toString());
        assertTrue(lines[2].startsWith(TestImages.HELLO.toString()) && lines[2].contains("0.0.1")
                && lines[2].endsWith("(shadowed)"), "the directory's copy is not loaded: " + list);
        assertTrue(list.out().contains("(1 TA in the secure storage of the core at "), list.toString());

        Cli.Result storage = Cli.run("storage", "--socket", socket());
        assertEquals(0, storage.status(), storage.toString());
        assertTrue(storage.out().contains("ree: ") && storage.out().contains(" commits"), storage.toString());
        assertTrue(storage.out().lines().anyMatch(l -> l.trim().startsWith("core ")), "the core's own objects: " + storage);
        assertFalse(storage.out().contains("ta:") || storage.out().contains("ta-version"), "no object id is shown: " + storage);

        Cli.Result removed = Cli.run("ta", "uninstall", "--secure", TestImages.HELLO.toString(), "--socket", socket());
        assertEquals(0, removed.status(), removed.toString());
        Cli.Result again = Cli.run("ta", "uninstall", "--secure", TestImages.HELLO.toString(), "--socket", socket());
        assertEquals(1, again.status(), again.toString());
        assertTrue(again.err().contains("is not installed in the core's secure storage"), again.toString());
    }

    @Test
    void installSecure_anImageTheCoreDoesNotTrust_isRefused() throws Exception {
        KeyPair stranger = TestImages.ephemeralKey();
        Path file = TestImages.write(tmp.resolve("stranger"),
                TaSigner.withKey(stranger.getPrivate()).sign(TestImages.HELLO, 9, TestImages.helloJar()));
        Cli.Result r = Cli.run("ta", "install", "--secure", file.toString(), "--socket", socket());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("refused"), r.toString());
    }

    @Test
    void installSecure_withTrustOptions_isAUsageError() throws Exception {
        Path v = image("usage", 3);
        Cli.Result r = Cli.run("ta", "install", "--secure", v.toString(), "--ta-dir", tmp.toString(), "--socket", socket());
        assertEquals(2, r.status(), r.toString());
    }

    @Test
    void storage_withNoCore_saysSo() {
        Path nowhere = tmp.resolve("no-core.sock");
        Cli.Result r = Cli.run("storage", "--socket", nowhere.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("no core answers on " + nowhere), r.toString());
    }

    @Test
    void uninstall_fromTheTaDirectory_removesTheFile() throws Exception {
        Path file = image("plain", 1);
        Cli.Result r = Cli.run("ta", "uninstall", TestImages.HELLO.toString(), "--ta-dir", file.getParent().toString());
        assertEquals(0, r.status(), r.toString());
        assertFalse(Files.exists(file));
        assertEquals(1, Cli.run("ta", "uninstall", TestImages.HELLO.toString(), "--ta-dir", file.getParent().toString()).status());
    }
}
