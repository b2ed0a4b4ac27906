package org.jtee.tapkg.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TrustStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageTaTest {
    private static final UUID SAMPLE = UUID.fromString("c3f6e2c0-3548-11e1-b86c-0800200c9a66");

    @TempDir
    Path dir;
    private KeyPair pair;
    private Path jar;
    private Path key;

    @BeforeEach
    void setUp() throws Exception {
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        key = dir.resolve("k.pem");
        Pem.writePrivateKey(pair.getPrivate(), key);
        jar = Files.write(dir.resolve("ta.jar"), TaJar.of(Class.forName("org.jtee.tapkg.SampleTa")));
    }

    private String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageTa.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_noUuidOrVersion_readsThemFromTheTaAnnotation() throws Exception {
        String said = run("--jar", jar.toString(), "--out", dir.resolve("out").toString(), "--key", key.toString());
        Path ta = dir.resolve("out").resolve(SAMPLE + ".ta");
        TaImageInfo info = TaImageInfo.parse(Files.readAllBytes(ta));
        assertEquals(SAMPLE, info.uuid());
        assertEquals(0x20501, info.version());
        assertTrue(said.startsWith("wrote " + ta) && said.contains("version 2.5.1") && said.contains(key.toString()), said);
        var verified = new TaVerifier(TrustStore.of(List.of(pair.getPublic()), List.of()), null)
                .verify(SAMPLE, Files.readAllBytes(ta));
        assertArrayEquals(Files.readAllBytes(jar), verified.jar());
    }

    @Test
    void run_explicitUuidVersionAndEncryption_usesThem() throws Exception {
        Path encFile = dir.resolve("enc.key");
        try (TaEncryptionKey enc = TaEncryptionKey.generate(new SecureRandom())) {
            enc.store(encFile);
        }
        run("--jar", jar.toString(), "--out", dir.toString(), "--key", key.toString(), "--uuid", SAMPLE.toString(),
                "--ta-version", "7", "--encrypt", "--encryption-key", encFile.toString());
        byte[] image = Files.readAllBytes(dir.resolve(SAMPLE + ".ta"));
        assertEquals(7 << 16, TaImageInfo.parse(image).version());
        try (TaEncryptionKey enc = TaEncryptionKey.load(encFile)) {
            var verified = new TaVerifier(TrustStore.of(List.of(pair.getPublic()), List.of()), enc).verify(SAMPLE, image);
            assertArrayEquals(Files.readAllBytes(jar), verified.jar());
        }
    }

    @Test
    void run_uuidOtherThanTheAnnotations_isRefusedNamingBothAndTheClass() {
        UUID other = UUID.fromString("11111111-2222-4333-8444-555555555555");
        var e = assertThrows(IllegalArgumentException.class, () -> run("--jar", jar.toString(), "--out", dir.toString(),
                "--key", key.toString(), "--uuid", other.toString()));
        assertTrue(e.getMessage().startsWith("--uuid " + other + " is not the UUID of the TA in " + jar + ": its class "
                + "org.jtee.tapkg.SampleTa declares @Ta(uuid = \"" + SAMPLE + "\")"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(other + ".ta")), "no image was written");
    }

    @Test
    void run_classOtherThanTheManifests_isRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> run("--jar", jar.toString(), "--out", dir.toString(),
                "--key", key.toString(), "--class", "org.jtee.tapkg.SampleTa$Member"));
        assertTrue(e.getMessage().contains("its manifest names org.jtee.tapkg.SampleTa (Jtee-Ta-Class)"), e.getMessage());
    }

    @Test
    void run_jarWhoseClassHasNoTa_isRefused() throws Exception {
        Path plain = Files.write(dir.resolve("plain.jar"), TaJar.of(Class.forName("org.jtee.tapkg.SampleTa$Member")));
        var e = assertThrows(java.io.IOException.class, () -> run("--jar", plain.toString(), "--out", dir.toString(),
                "--key", key.toString()));
        assertEquals(plain + " is not a TA JAR the core can run: the TA class org.jtee.tapkg.SampleTa$Member has no @Ta",
                e.getMessage());
    }

    @Test
    void run_unknownOption_refuses() {
        var e = assertThrows(IllegalArgumentException.class, () -> run("--jar", jar.toString(), "--bogus"));
        assertTrue(e.getMessage().contains("usage"), e.getMessage());
    }
}
