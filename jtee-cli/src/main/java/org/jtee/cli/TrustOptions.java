package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jtee.common.Uuids;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.TaDeclaration;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TrustStore;
import org.jtee.tapkg.VerifiedTa;
import picocli.CommandLine.Option;

/**
 * What {@code jtee ta verify} and {@code jtee ta install} trust: the given PEM files, else the
 * development public key; and which key decrypts an encrypted image: the given one, else the
 * development encryption key when there is one.
 */
final class TrustOptions {
    @Option(names = "--trust", paramLabel = "PEM",
            description = "A trusted public key or root certificate (PEM); repeatable (default: the development public key).")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--encryption-key", paramLabel = "FILE",
            description = "The key that decrypts encrypted images (default: the development encryption key).")
    Path encryptionKey;

    @Option(names = "--keys-dir", paramLabel = "DIR", description = "The development key directory (default: as `jtee keys`).")
    Path keysDir;

    /**
     * Verifies {@code image} as the TA {@code uuid}, as the core loads it: the signature, the UUID,
     * decryption, then the TA class the JAR's manifest names, which must declare that UUID in its
     * {@code @Ta} ({@link TaDeclaration}, read without running it). The refusal reason is the
     * failure's message.
     */
    VerifiedTa verify(UUID uuid, byte[] image) throws CommandFailure, IOException {
        DevKeys dev = trust.isEmpty() ? KeysCommand.loadExisting(devDirectory()) : null;
        VerifiedTa ta;
        try (dev; TaEncryptionKey key = encryptionKey(dev)) {
            ta = new TaVerifier(trustStore(dev), key).verify(uuid, image);
        } catch (TaImageException e) {
            throw CommandFailure.failed("refused: " + e.getMessage());
        }
        try {
            TaDeclaration.ofJar(ta.jar()).requireUuid(ta.uuid());
        } catch (IOException | TaImageException e) {
            throw CommandFailure.failed("refused: " + e.getMessage());
        }
        return ta;
    }

    private Path devDirectory() {
        return keysDir != null ? keysDir : DevKeys.defaultDirectory();
    }

    private TrustStore trustStore(DevKeys dev) throws CommandFailure, IOException {
        TrustStore store = trust.isEmpty() ? TrustStore.of(List.of(dev.publicKey()), List.of()) : TrustStore.load(trust);
        if (store.isEmpty()) {
            throw CommandFailure.failed("no trusted key or certificate in " + trust);
        }
        return store;
    }

    /** The given key, else a copy of the development one if there is one, else null (plain images only). */
    private TaEncryptionKey encryptionKey(DevKeys dev) throws IOException {
        if (encryptionKey != null) {
            return TaEncryptionKey.load(encryptionKey);
        }
        Path devKey = dev != null ? dev.encryptionKeyFile() : devDirectory().resolve(DevKeys.ENCRYPTION_KEY);
        return Files.isRegularFile(devKey) ? TaEncryptionKey.load(devKey) : null;
    }

    /** {@code given}, else the UUID in the file name {@code <uuid>.ta}. */
    static UUID uuidOf(Path file, UUID given) throws CommandFailure {
        if (given != null) {
            return given;
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".ta")) {
            UUID uuid = Uuids.parseCanonical(name.substring(0, name.length() - 3));
            if (uuid != null) {
                return uuid;
            }
        }
        throw CommandFailure.usage("cannot tell the TA's UUID from the file name " + name
                + " (expected <uuid>.ta); pass --uuid");
    }
}
