package org.jtee.tapkg.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TrustStore;
import org.jtee.tapkg.VerifiedTa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageTaPackagesTest {
    private static final String FIXTURE = "org/jtee/tapkg/tool/fixture/";
    private static final UUID ONE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID TWO = UUID.fromString("66666666-7777-8888-9999-aaaaaaaaaaaa");

    @TempDir
    Path dir;
    private Path classes;
    private KeyPair pair;
    private Path key;

    @BeforeEach
    void setUp() throws Exception {
        classes = Files.createDirectories(dir.resolve("classes"));
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        key = dir.resolve("k.pem");
        Pem.writePrivateKey(pair.getPrivate(), key);
    }

    /** Copies the compiled fixture package {@code name} (test classes and resources) into {@link #classes}. */
    private void copyFixture(String name) throws Exception {
        Path testClasses = Path.of(PackageTaPackagesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path from = testClasses.resolve(FIXTURE + name);
        Path to = Files.createDirectories(classes.resolve(FIXTURE + name));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
    }

    private List<Path> run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return PackageTaPackages.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private List<Path> runOnClasses(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--classes", classes.toString(), "--jars", dir.resolve("jars").toString(),
                "--out", dir.resolve("ta").toString(), "--key", key.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private VerifiedTa verify(UUID uuid) throws Exception {
        byte[] image = Files.readAllBytes(dir.resolve("ta").resolve(uuid + ".ta"));
        return new TaVerifier(TrustStore.of(List.of(pair.getPublic()), List.of()), null).verify(uuid, image);
    }

    private static List<String> entries(byte[] jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void run_twoTaPackages_writesOneSignedImagePerPackage_withTheSharedPackageInEach() throws Exception {
        copyFixture("one");
        copyFixture("two");
        copyFixture("shared");
        List<Path> images = runOnClasses("--shared", "org.jtee.tapkg.tool.fixture.shared");
        assertEquals(List.of(dir.resolve("ta").resolve(ONE + ".ta"), dir.resolve("ta").resolve(TWO + ".ta")), images);
        VerifiedTa one = verify(ONE);
        assertEquals(0x10203, one.version());
        assertEquals("org.jtee.tapkg.tool.fixture.one.OneTa", TaJar.taClass(one.jar()));
        assertEquals(List.of(FIXTURE + "one/OneHelper.class", FIXTURE + "one/OneTa.class", FIXTURE + "one/data.txt",
                FIXTURE + "shared/FixtureBase.class"), entries(one.jar()));
        VerifiedTa two = verify(TWO);
        assertEquals(0, two.version(), "no version in @Ta: 0.0");
        assertEquals(List.of(FIXTURE + "shared/FixtureBase.class", FIXTURE + "two/TwoTa.class"), entries(two.jar()));
    }

    @Test
    void run_withoutShared_packsOnlyTheTasOwnPackage() throws Exception {
        copyFixture("two");
        copyFixture("shared");
        runOnClasses();
        assertEquals(List.of(FIXTURE + "two/TwoTa.class"), entries(verify(TWO).jar()));
        assertTrue(Files.exists(dir.resolve("jars").resolve("org.jtee.tapkg.tool.fixture.two.jar")));
    }

    @Test
    void run_noTa_writesNothing() throws Exception {
        copyFixture("shared");
        assertEquals(List.of(), runOnClasses());
    }

    @Test
    void run_packageWithTwoTas_refuses() throws Exception {
        copyFixture("twice");
        var e = assertThrows(IllegalArgumentException.class, this::runOnClasses);
        assertTrue(e.getMessage().contains("two TAs"), e.getMessage());
    }

    @Test
    void run_taInTheSharedPackage_refuses() throws Exception {
        copyFixture("two");
        var e = assertThrows(IllegalArgumentException.class, () -> runOnClasses("--shared", "org.jtee.tapkg.tool.fixture.two"));
        assertTrue(e.getMessage().contains("shared package"), e.getMessage());
    }

    @Test
    void run_missingOrUnknownOption_refusesWithUsage() {
        var missing = assertThrows(IllegalArgumentException.class, () -> run("--classes", classes.toString()));
        assertTrue(missing.getMessage().contains("usage"), missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> run("--bogus"));
        assertTrue(unknown.getMessage().contains("usage"), unknown.getMessage());
    }
}
