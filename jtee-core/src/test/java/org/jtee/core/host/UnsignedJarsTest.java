package org.jtee.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsignedJarsTest {
    @TempDir
    Path dir;

    private static Path bouncyCastle() throws Exception {
        return Path.of(org.bouncycastle.crypto.Digest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Bouncy Castle's signed JAR becomes a copy with every class and no signature, which loads. */
    @Test
    void signedJar_isCopiedWithoutSignature_andStillLoads() throws Exception {
        Path signed = bouncyCastle();
        Path copy = UnsignedJars.unsigned(signed, dir.resolve("platform"));
        assertNotEquals(signed, copy);
        try (JarFile original = new JarFile(signed.toFile(), false); JarFile unsigned = new JarFile(copy.toFile(), false)) {
            assertTrue(original.stream().anyMatch(e -> UnsignedJars.isSignatureFile(e.getName())), "the original is signed");
            assertFalse(unsigned.stream().anyMatch(e -> UnsignedJars.isSignatureFile(e.getName())));
            long classes = original.stream().filter(e -> e.getName().endsWith(".class")).count();
            assertEquals(classes, unsigned.stream().filter(e -> e.getName().endsWith(".class")).count());
            assertEquals(original.getManifest().getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE),
                    unsigned.getManifest().getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
            assertTrue(unsigned.getManifest().getEntries().isEmpty(), "no per-entry digests kept");
        }
        // the JDK's own verifier, not the pattern under test, finds no signer on any entry
        try (JarFile verified = new JarFile(copy.toFile(), true)) {
            for (java.util.jar.JarEntry e : java.util.Collections.list(verified.entries())) {
                try (java.io.InputStream in = verified.getInputStream(e)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                assertEquals(null, e.getCodeSigners(), e.getName());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {copy.toUri().toURL()}, null)) {
            Class<?> c = loader.loadClass("org.bouncycastle.crypto.digests.SHA256Digest");
            assertEquals(null, c.getSigners(), "classes of the copy are unsigned");
        }
        // made once: the second call finds it (the same file, not a new one moved into place)
        Object file = Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertEquals(copy, UnsignedJars.unsigned(signed, dir.resolve("platform")));
        assertEquals(file, Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    /** The copies live in one private directory per user, shared by every core (copying takes most of a second). */
    @Test
    void directory_isTheUsersPrivateCache_sameForEveryCore() throws Exception {
        Path first = UnsignedJars.directory(dir.resolve("core-1"));
        Path second = UnsignedJars.directory(dir.resolve("core-2"));
        assertEquals(first, second);
        assertTrue(first.endsWith(Path.of("jtee", "platform")), first.toString());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
    }

    @Test
    void unsignedJarOrDirectory_isUsedAsItIs() throws Exception {
        Path classes = Path.of(UnsignedJarsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(classes, UnsignedJars.unsigned(classes, dir));
        Path jar = Path.of(org.junit.jupiter.api.Test.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(jar, UnsignedJars.unsigned(jar, dir));
    }
}
