package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee keys init} and {@code jtee keys show}, in a temporary key directory. */
class KeysCommandTest {
    @TempDir
    Path tmp;

    @Test
    void init_emptyDirectory_createsKeyAndSaysSo() {
        Path dir = tmp.resolve("keys");
        Cli.Result r = Cli.run("keys", "init", "--dir", dir.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("created a development key in " + dir), r.toString());
        assertTrue(r.out().contains("fingerprint: "), r.toString());
        assertTrue(r.out().contains("public key:  " + dir), r.toString());
    }

    @Test
    void init_twice_keepsTheKeyAndSaysItExisted() {
        String dir = tmp.resolve("keys").toString();
        String first = fingerprint(Cli.run("keys", "init", "--dir", dir));
        Cli.Result again = Cli.run("keys", "init", "--dir", dir);
        assertEquals(0, again.status(), again.toString());
        assertTrue(again.out().contains("development key already existed in " + dir), again.toString());
        assertEquals(first, fingerprint(again));
    }

    @Test
    void show_afterInit_printsTheSameFingerprint() {
        String dir = tmp.resolve("keys").toString();
        String created = fingerprint(Cli.run("keys", "init", "--dir", dir));
        Cli.Result shown = Cli.run("keys", "show", "--dir", dir);
        assertEquals(0, shown.status(), shown.toString());
        assertEquals(created, fingerprint(shown));
    }

    @Test
    void show_noKey_failsWithAHintAndCreatesNothing() {
        Path dir = tmp.resolve("none");
        Cli.Result r = Cli.run("keys", "show", "--dir", dir.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("jtee keys show: no development key in " + dir + "; run `jtee keys init`"), r.toString());
        assertFalse(dir.toFile().exists());
    }

    static String fingerprint(Cli.Result r) {
        for (String line : r.out().split("\n")) {
            if (line.startsWith("fingerprint: ")) {
                return line.substring("fingerprint: ".length());
            }
        }
        throw new AssertionError("no fingerprint line in\n" + r);
    }
}
