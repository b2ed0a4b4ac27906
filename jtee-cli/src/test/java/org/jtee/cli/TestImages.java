package org.jtee.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.UUID;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.jtee.examples.helloworld.HelloWorldTa;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;

/** Signed images for the {@code jtee ta} tests: hello_world's TA, keys that live in a temp dir. */
final class TestImages {
    static final UUID HELLO = HelloWorldContract.UUID;

    private TestImages() {}

    /** A development key directory under {@code tmp}, created with {@code jtee keys init}. */
    static Path devKeys(Path tmp) {
        Path dir = tmp.resolve("keys");
        Cli.Result r = Cli.run("keys", "init", "--dir", dir.toString());
        if (r.status() != 0) {
            throw new AssertionError(r.toString());
        }
        return dir;
    }

    static byte[] helloJar() throws Exception {
        return TaJar.of(HelloWorldTa.class, HelloWorldContract.class);
    }

    /** hello_world signed with the development key in {@code keysDir}. */
    static byte[] signedByDevKey(Path keysDir, long version) throws Exception {
        try (DevKeys keys = DevKeys.load(keysDir)) {
            return TaSigner.withKey(keys.signingKey()).sign(HELLO, version, helloJar());
        }
    }

    /** An ephemeral Ed25519 key pair. */
    static KeyPair ephemeralKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** Writes {@code pair}'s public key as PEM and returns the file. */
    static Path trustFile(Path tmp, KeyPair pair) throws Exception {
        Path file = tmp.resolve("trusted-" + System.nanoTime() + ".pem");
        Pem.writePublicKey(pair.getPublic(), file);
        return file;
    }

    /** Writes {@code image} as {@code dir/<uuid>.ta}. */
    static Path write(Path dir, byte[] image) throws Exception {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(HELLO + ".ta"), image);
    }
}
