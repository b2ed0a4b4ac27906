package org.jtee.tapkg.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaDeclaration;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;

/**
 * Packages a TA JAR as {@code <out>/<uuid>.ta}, for Maven builds (exec plugin) and scripts:
 *
 * <pre>
 * PackageTa --jar FILE --out DIR [--class FQCN] [--uuid U] [--ta-version N|a.b.c]
 *           [--key PEM [--chain PEM]] [--encrypt [--encryption-key FILE]] [--keys-dir DIR]
 * </pre>
 *
 * Without {@code --key} it signs with the development keys ({@link DevKeys#loadOrCreate}) in
 * {@code --keys-dir}, default {@link DevKeys#defaultDirectory()}; {@code --encryption-key}
 * defaults to the development encryption key.
 * The TA class is the one the JAR's manifest names ({@code Jtee-Ta-Class}), as for the core;
 * {@code --class}, if given, must name it. Without {@code --uuid}/{@code --ta-version} the UUID and
 * version come from that class's {@code @org.jtee.ta.Ta}, read from its class file
 * ({@link TaDeclaration}: none of the TA's code runs); a {@code --uuid} that differs from it is
 * refused, as the core would refuse to run the image.
 */
public final class PackageTa {
    private static final Set<String> FLAGS = Set.of("--encrypt");
    private static final Set<String> OPTIONS = Set.of("--jar", "--out", "--class", "--uuid", "--ta-version",
            "--key", "--chain", "--encryption-key", "--keys-dir");

    private PackageTa() {}

    /** Throws {@link IllegalArgumentException} for a usage error and {@link IOException} for I/O. */
    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Does the work of {@link #main} and returns the file written. */
    public static Path run(String[] args, PrintStream out) throws Exception {
        Map<String, String> opts = parse(args);
        Path jarFile = Path.of(required(opts, "--jar"));
        Path outDir = Path.of(required(opts, "--out"));
        byte[] jar = Files.readAllBytes(jarFile);
        TaDeclaration declared = declaration(jarFile, jar, opts.get("--class"));
        UUID uuid = opts.containsKey("--uuid") ? UUID.fromString(opts.get("--uuid")) : declared.uuid();
        if (!uuid.equals(declared.uuid())) {
            throw new IllegalArgumentException("--uuid " + uuid + " is not the UUID of the TA in " + jarFile + ": its class "
                    + declared.className() + " declares @Ta(uuid = \"" + declared.uuid() + "\"), and the core runs only a TA"
                    + " whose class declares the image's UUID; drop --uuid, or change the annotation");
        }
        long version = TaVersions.parse(opts.getOrDefault("--ta-version", declared.version()));
        Path target = outDir.resolve(uuid + ".ta");
        String signedBy = sign(opts, uuid, version, jar, target, out);
        out.println("wrote " + target + " (TA " + uuid + " version " + TaVersions.format(version) + ", "
                + Files.size(target) + " bytes" + (opts.containsKey("--encrypt") ? ", encrypted" : "")
                + ") signed by " + signedBy);
        return target;
    }

    private static String sign(Map<String, String> opts, UUID uuid, long version, byte[] jar, Path target,
            PrintStream out) throws IOException {
        if (opts.containsKey("--key")) {
            Path keyFile = Path.of(opts.get("--key"));
            PrivateKey key = Pem.readPrivateKey(keyFile);
            TaSigner signer = TaSigner.withKey(key);
            String who = key.getAlgorithm() + " key " + keyFile;
            if (opts.containsKey("--chain")) {
                var chain = Pem.readCertificates(Path.of(opts.get("--chain")));
                signer = signer.withCertificateChain(chain);
                who = chain.getFirst().getSubjectX500Principal().getName();
            }
            if (!opts.containsKey("--encrypt")) {
                write(target, signer.sign(uuid, version, jar));
                return who;
            }
            Path encFile = opts.containsKey("--encryption-key") ? Path.of(opts.get("--encryption-key"))
                    : keysDir(opts).resolve(DevKeys.ENCRYPTION_KEY);
            try (TaEncryptionKey enc = TaEncryptionKey.load(encFile)) {
                write(target, signer.encryptedWith(enc).sign(uuid, version, jar));
            }
            return who;
        }
        try (DevKeys dev = DevKeys.loadOrCreate(keysDir(opts), out);
                TaEncryptionKey given = opts.containsKey("--encryption-key")
                        ? TaEncryptionKey.load(Path.of(opts.get("--encryption-key"))) : null) {
            TaSigner signer = TaSigner.withKey(dev.signingKey());
            if (opts.containsKey("--encrypt")) {
                signer = signer.encryptedWith(given != null ? given : dev.encryptionKey());
            }
            write(target, signer.sign(uuid, version, jar));
            return "development key " + dev.fingerprint();
        }
    }

    private static Path keysDir(Map<String, String> opts) {
        return opts.containsKey("--keys-dir") ? Path.of(opts.get("--keys-dir")) : DevKeys.defaultDirectory();
    }

    /**
     * The {@code @Ta} of the class the JAR's manifest names, read from its class file as the core
     * reads it ({@link TaDeclaration}); {@code givenClass}, if not null, must be that class.
     */
    private static TaDeclaration declaration(Path jarFile, byte[] jar, String givenClass) throws IOException {
        TaDeclaration declared;
        try {
            declared = TaDeclaration.ofJar(jar);
        } catch (IOException e) {
            throw new IOException(jarFile + " is not a TA JAR the core can run: " + e.getMessage(), e);
        }
        if (givenClass != null && !givenClass.equals(declared.className())) {
            throw new IllegalArgumentException("--class " + givenClass + " is not the TA class of " + jarFile + ": its manifest"
                    + " names " + declared.className() + " (" + TaJar.TA_CLASS_ATTRIBUTE + "), which is the class the core runs");
        }
        return declared;
    }

    private static void write(Path target, byte[] image) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".tmp-", ".ta");
        try {
            Files.write(tmp, image);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (FLAGS.contains(a)) {
                opts.put(a, "true");
            } else if (OPTIONS.contains(a) && i + 1 < args.length) {
                opts.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete option " + a + "; usage: PackageTa --jar FILE"
                        + " --out DIR [--class FQCN] [--uuid U] [--ta-version N|a.b.c] [--key PEM [--chain PEM]]"
                        + " [--encrypt [--encryption-key FILE]] [--keys-dir DIR]");
            }
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }
}
