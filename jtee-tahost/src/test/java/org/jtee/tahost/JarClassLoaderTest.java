package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class JarClassLoaderTest {
    private static final String PROBE = "org.example.ta.Probe";
    private static final byte[] DATA = "read-only data of the TA".getBytes(StandardCharsets.US_ASCII);

    /** A TA JAR: a class the parent does not have, and a resource beside it. */
    private static byte[] jar() throws IOException {
        return jar("org/example/ta/data.bin", DATA);
    }

    /** A TA JAR with the probe class and the resource {@code name} holding {@code data}. */
    private static byte[] jar(String name, byte[] data) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(TaJarAttributes.TA_CLASS, PROBE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("org/example/ta/Probe.class"));
            out.write(ClassFile.of().build(ClassDesc.of(PROBE), c -> {}));
            out.putNextEntry(new JarEntry(name));
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static JarClassLoader loader() throws IOException {
        return new JarClassLoader(jar(), JarClassLoaderTest.class.getClassLoader());
    }

    private static byte[] read(InputStream in) throws IOException {
        assertNotNull(in, "the resource is found");
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void getResourceAsStream_entryOfTheJar_servesItsBytes() throws Exception {
        assertArrayEquals(DATA, read(loader().getResourceAsStream("org/example/ta/data.bin")));
    }

    @Test
    void classGetResourceAsStream_nameRelativeToATaClass_servesTheEntryBesideIt() throws Exception {
        JarClassLoader loader = loader();
        Class<?> probe = loader.loadClass(PROBE);
        assertSame(loader, probe.getClassLoader(), "the probe class is the JAR's, not the parent's");
        assertArrayEquals(DATA, read(probe.getResourceAsStream("data.bin")));
    }

    @Test
    void anEntryOfTheLargestSize_isServedWhole() throws Exception {
        byte[] largest = new byte[JarClassLoader.MAX_ENTRY_BYTES];
        largest[largest.length - 1] = 1;
        JarClassLoader loader = new JarClassLoader(jar("big.bin", largest), JarClassLoaderTest.class.getClassLoader());
        assertArrayEquals(largest, read(loader.getResourceAsStream("big.bin")));
    }

    @Test
    void anEntryLargerThanTheBound_refusesTheJar_notTruncated() throws Exception {
        byte[] jar = jar("big.bin", new byte[JarClassLoader.MAX_ENTRY_BYTES + 1]);
        IOException e = assertThrows(IOException.class, () -> new JarClassLoader(jar, JarClassLoaderTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains("big.bin"), e.getMessage());
    }

    @Test
    void getResourceAsStream_noSuchEntry_isNull() throws Exception {
        assertNull(loader().getResourceAsStream("org/example/ta/other.bin"));
    }

    @Test
    void getResourceAsStream_platformResource_comesFromTheParent() throws Exception {
        assertNotNull(loader().getResourceAsStream("java/lang/Object.class"));
    }
}
