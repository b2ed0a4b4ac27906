package org.jtee.core.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jtee.core.runtime.StateDirectory;

/**
 * Copies of signed library JARs without their signatures, for the TA hosts' class path. A JVM
 * that loads a class from a signed JAR first reads and keeps the JAR's whole manifest and
 * signature file: for Bouncy Castle's provider, 1.6 MB of text that becomes several MiB of heap
 * for the life of the process — more than a TA host's whole heap (8 MiB plus the TA's declared
 * data size), so a TA that loaded the large TA's 1 MiB after the host's crypto warm-up ran out
 * of memory. The signature protects the JAR on its way from Maven Central; the core already
 * trusts the JAR it runs from, and the copy is made from that JAR, once per version (named by the
 * JAR's SHA-256), in a directory only the core's user can write: the user's cache
 * ({@code $XDG_CACHE_HOME/jtee/platform}, else {@code ~/.cache/jtee/platform}, mode 0700), shared
 * by every core the user starts — making the copy takes most of a second, finding it a few
 * milliseconds — or, where that cannot be had, the core's state directory.
 */
final class UnsignedJars {
    private static final HexFormat HEX = HexFormat.of();

    private UnsignedJars() {}

    /**
     * Where the copies go: the user's cache directory for jtee, created or checked as a private
     * directory ({@link StateDirectory#prepare}: mode 0700, refused if others may enter it), else
     * {@code fallback}.
     */
    static Path directory(Path fallback) {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        try {
            return StateDirectory.prepare(base.resolve("jtee").resolve("platform"));
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    /**
     * {@code jar} itself if it is a directory or carries no signature; otherwise the unsigned copy
     * of it under {@code dir} (created 0700 if missing), made now if it is not there yet.
     */
    static Path unsigned(Path jar, Path dir) throws IOException {
        if (!Files.isRegularFile(jar) || !isSigned(jar)) {
            return jar;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path copy = dir.resolve(name + "-unsigned-" + sha256(jar).substring(0, 16) + ".jar");
        if (Files.isRegularFile(copy)) {
            return copy;
        }
        Path temp = Files.createTempFile(dir, name, ".tmp");
        try {
            writeUnsigned(jar, temp);
            try {
                Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return copy;
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.stream().anyMatch(e -> isSignatureFile(e.getName()));
        }
    }

    /** {@code META-INF/*.SF}, {@code .RSA}, {@code .DSA}, {@code .EC} and {@code SIG-*}: JAR signing. */
    static boolean isSignatureFile(String entry) {
        String upper = entry.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }

    /** The JAR's entries but its signature files, with a manifest of its main attributes only. */
    private static void writeUnsigned(Path jar, Path target) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest original = file.getManifest();
            manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (original != null) {
                // Multi-Release among them: the versioned classes must still be chosen
                manifest.getMainAttributes().putAll(original.getMainAttributes());
            }
        }
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zip = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(target);
                JarOutputStream copy = new JarOutputStream(out, manifest)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String entry = e.getName();
                if (entry.equalsIgnoreCase(JarFile.MANIFEST_NAME) || entry.equalsIgnoreCase("META-INF/")
                        || isSignatureFile(entry)) {
                    continue;
                }
                JarEntry copied = new JarEntry(entry);
                copied.setTime(e.getTime());
                copy.putNextEntry(copied);
                zip.transferTo(copy);
                copy.closeEntry();
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HEX.formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
