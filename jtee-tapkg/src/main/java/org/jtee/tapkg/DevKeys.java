package org.jtee.tapkg;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;
import org.jtee.tapkg.internal.Fingerprints;
import org.jtee.tapkg.internal.SignatureAlgorithm;

/**
 * The installation's development keys, one directory (mode 0700) holding:
 *
 * <pre>
 * ta-signing.key     PKCS#8 PEM Ed25519 private key   0600
 * ta-signing.pub     SPKI PEM public key               (trusted by a development core)
 * ta-encryption.key  32 raw bytes, AES-256            0600
 * </pre>
 *
 * For signing TAs on a developer's machine; a product signs with keys kept elsewhere.
 */
public final class DevKeys implements AutoCloseable {
    public static final String SIGNING_KEY = "ta-signing.key";
    public static final String PUBLIC_KEY = "ta-signing.pub";
    public static final String ENCRYPTION_KEY = "ta-encryption.key";

    private final Path dir;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;
    private final TaEncryptionKey encryptionKey;

    private DevKeys(Path dir, PrivateKey signingKey, PublicKey publicKey, TaEncryptionKey encryptionKey) {
        this.dir = dir;
        this.signingKey = signingKey;
        this.publicKey = publicKey;
        this.encryptionKey = encryptionKey;
    }

    /** {@code $JTEE_KEYS_DIR}, else {@code $XDG_CONFIG_HOME/jtee/keys}, else {@code ~/.config/jtee/keys}. */
    public static Path defaultDirectory() {
        String keys = System.getenv("JTEE_KEYS_DIR");
        if (keys != null && !keys.isEmpty()) {
            return Path.of(keys);
        }
        String config = System.getenv("XDG_CONFIG_HOME");
        if (config != null && !config.isEmpty()) {
            return Path.of(config, "jtee", "keys");
        }
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".config", "jtee", "keys");
    }

    /** Loads the Ed25519 signing key pair and the TA encryption key from dir, creating them (dir 0700, private files 0600) if absent; says what it created on {@code say}. */
    public static DevKeys loadOrCreate(Path dir, PrintStream say) throws IOException {
        PrivateFiles.createPrivateDirectory(dir);
        Path key = dir.resolve(SIGNING_KEY);
        Path pub = dir.resolve(PUBLIC_KEY);
        if (Files.exists(key) != Files.exists(pub)) {
            Path present = Files.exists(key) ? key : pub;
            throw new IOException(present + " exists without its pair; not creating a new key pair over it");
        }
        if (!Files.exists(key)) {
            KeyPair pair = ed25519();
            Pem.writePrivateKey(pair.getPrivate(), key);
            Pem.writePublicKey(pair.getPublic(), pub);
            say.println("jtee: created a development TA signing key (Ed25519 " + Fingerprints.fingerprint(pair.getPublic())
                    + ") in " + dir);
        }
        Path enc = dir.resolve(ENCRYPTION_KEY);
        if (!Files.exists(enc)) {
            try (TaEncryptionKey k = TaEncryptionKey.generate(new SecureRandom())) {
                k.store(enc);
            }
            say.println("jtee: created a development TA encryption key " + enc);
        }
        return load(dir);
    }

    /**
     * Loads the keys from {@code dir}.
     *
     * @throws IOException if a file is missing, a private file is readable by group/others, or
     *     the public key is not the private key's pair
     */
    public static DevKeys load(Path dir) throws IOException {
        for (String name : List.of(SIGNING_KEY, PUBLIC_KEY, ENCRYPTION_KEY)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IOException("no development key " + dir.resolve(name)
                        + " (DevKeys.loadOrCreate, e.g. the first TA build, creates them)");
            }
        }
        PrivateKey signing = Pem.readPrivateKey(dir.resolve(SIGNING_KEY));
        List<PublicKey> pubs = Pem.readPublicKeys(dir.resolve(PUBLIC_KEY));
        if (pubs.size() != 1) {
            throw new IOException(dir.resolve(PUBLIC_KEY) + ": expected one PUBLIC KEY block, found " + pubs.size());
        }
        checkPair(signing, pubs.getFirst(), dir);
        return new DevKeys(dir, signing, pubs.getFirst(), TaEncryptionKey.load(dir.resolve(ENCRYPTION_KEY)));
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Path publicKeyFile() {
        return dir.resolve(PUBLIC_KEY);
    }

    public Path encryptionKeyFile() {
        return dir.resolve(ENCRYPTION_KEY);
    }

    public TaEncryptionKey encryptionKey() {
        return encryptionKey;
    }

    /** {@code "SHA-256:"} and the hex SHA-256 of the public key's SubjectPublicKeyInfo. */
    public String fingerprint() {
        return Fingerprints.fingerprint(publicKey);
    }

    /** Wipes the encryption key. */
    @Override
    public void close() {
        encryptionKey.close();
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides Ed25519", e);
        }
    }

    private static void checkPair(PrivateKey priv, PublicKey pub, Path dir) throws IOException {
        byte[] probe = "jtee dev key check".getBytes(StandardCharsets.US_ASCII);
        try {
            SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(priv);
            Signature s = algorithm.newSignature();
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            s = algorithm.newSignature();
            s.initVerify(pub);
            s.update(probe);
            if (s.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(dir + ": the signing key cannot be used: " + e.getMessage(), e);
        }
        throw new IOException(dir.resolve(PUBLIC_KEY) + " is not the public key of " + dir.resolve(SIGNING_KEY));
    }
}
