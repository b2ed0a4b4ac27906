package org.jtee.tapkg.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
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
 * Without {@code --uuid}/{@code --ta-version} it reads them from the TA class's
 * {@code @org.jtee.ta.Ta} annotation, found by name so this module needs no jtee-ta-api.
 */
public final class PackageTa {
    private static final String TA_ANNOTATION = "org.jtee.ta.Ta";
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
        String taClass = opts.containsKey("--class") ? opts.get("--class") : TaJar.taClass(jar);
        String[] declared = opts.containsKey("--uuid") && opts.containsKey("--ta-version")
                ? new String[] {opts.get("--uuid"), opts.get("--ta-version")}
                : readAnnotation(jarFile, taClass);
        UUID uuid = UUID.fromString(opts.getOrDefault("--uuid", declared[0]));
        long version = TaVersions.parse(opts.getOrDefault("--ta-version", declared[1]));
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

    /** The {@code uuid()} and {@code version()} of the TA class's {@code @Ta} annotation. */
    private static String[] readAnnotation(Path jarFile, String taClass) throws IOException, ReflectiveOperationException {
        URL[] urls = {jarFile.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(urls, PackageTa.class.getClassLoader())) {
            Class<?> c = Class.forName(taClass, false, loader);
            for (Annotation a : c.getAnnotations()) {
                if (a.annotationType().getName().equals(TA_ANNOTATION)) {
                    return new String[] {invoke(a, "uuid"), invoke(a, "version")};
                }
            }
            throw new IllegalArgumentException(taClass + " has no @" + TA_ANNOTATION
                    + " annotation; give --uuid and --ta-version");
        }
    }

    private static String invoke(Annotation a, String element) throws ReflectiveOperationException {
        try {
            return (String) a.annotationType().getMethod(element).invoke(a);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("@Ta." + element + "() failed", e.getCause());
        }
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
