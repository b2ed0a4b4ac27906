package org.jtee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;

/**
 * Installs the bench's dynamic TAs, {@link IsolatedBenchTa}, {@link PanickingTa}, {@link SessionBenchTa},
 * {@link CryptoBenchTa} and {@link StorageBenchTa}, for a
 * throw-away TEE: signs them with an Ed25519 key made for the purpose and writes the key's public
 * half where the core can be told to trust it. The private key is never written anywhere; it is
 * gone when this returns.
 */
public final class IsolatedTaImage {
    /** The TA's version in its image. */
    static final String VERSION = "1.0";

    /**
     * What a core needs to run the TA.
     *
     * @param trustFile PEM public key to pass as the core's only trusted signer
     * @param taDirectory the directory to have the supplicant serve, holding {@code <uuid>.ta} of each TA
     */
    public record Installed(Path trustFile, Path taDirectory) {}

    private IsolatedTaImage() {}

    /** Writes {@code home}/bench-trust.pem and {@code home}/ta/{@code <uuid>}.ta; {@code home} must exist. */
    public static Installed installUnder(Path home) throws IOException {
        KeyPair key = newKey();
        Path trust = home.resolve("bench-trust.pem");
        Pem.writePublicKey(key.getPublic(), trust);
        Path taDir = Files.createDirectories(home.resolve("ta"));
        TaSigner signer = TaSigner.withKey(key.getPrivate());
        write(taDir, signer, IsolatedBenchTa.UUID, TaJar.of(IsolatedBenchTa.class, IsolatedBenchTa.IMAGE_CLASSES));
        write(taDir, signer, PanickingTa.UUID, TaJar.of(PanickingTa.class));
        write(taDir, signer, SessionBenchTa.UUID, TaJar.of(SessionBenchTa.class));
        write(taDir, signer, CryptoBenchTa.UUID, TaJar.of(CryptoBenchTa.class, CryptoCases.class));
        write(taDir, signer, StorageBenchTa.UUID, TaJar.of(StorageBenchTa.class));
        return new Installed(trust, taDir);
    }

    private static void write(Path taDir, TaSigner signer, java.util.UUID uuid, byte[] jar) throws IOException {
        Files.write(taDir.resolve(uuid + ".ta"), signer.sign(uuid, TaVersions.parse(VERSION), jar));
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }
}
