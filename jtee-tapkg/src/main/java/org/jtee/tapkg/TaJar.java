package org.jtee.tapkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The JAR inside a TA image: class files plus a manifest whose main section names the TA class
 * in {@value #TA_CLASS_ATTRIBUTE}. {@link #of} builds one in memory, byte-for-byte the same for
 * the same classes (entries sorted by name, fixed timestamps).
 */
public final class TaJar {
    public static final String TA_CLASS_ATTRIBUTE = "Jtee-Ta-Class";

    /** 1980-02-01, the timestamp reproducible Maven builds use; any fixed DOS date would do. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private TaJar() {}

    /**
     * A JAR holding {@code taClass}, every class nested in it (member, local and anonymous, found
     * through its nest), and {@code more}, each read from its class loader's resources.
     *
     * @throws IllegalArgumentException if a class file cannot be found (e.g. a JDK class)
     */
    public static byte[] of(Class<?> taClass, Class<?>... more) {
        Map<String, byte[]> entries = new TreeMap<>();
        addWithNested(entries, taClass);
        for (Class<?> c : more) {
            addWithNested(entries, c);
        }
        try {
            return write(manifestFor(taClass.getName()), entries);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    /**
     * A JAR holding {@code entries} (path in the JAR to bytes: class files and resources) whose
     * manifest names {@code taClassName}; entries are written sorted by name, with fixed timestamps.
     *
     * @throws IllegalArgumentException if an entry is the manifest itself
     */
    public static byte[] of(String taClassName, Map<String, byte[]> entries) {
        if (entries.containsKey(JarFile.MANIFEST_NAME)) {
            throw new IllegalArgumentException("the manifest is written by TaJar, not given as an entry");
        }
        try {
            return write(manifestFor(taClassName), new TreeMap<>(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    private static Manifest manifestFor(String taClassName) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(TA_CLASS_ATTRIBUTE, taClassName);
        return manifest;
    }

    /** The TA class the manifest names. */
    public static String taClass(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = in.getManifest();
            String name = m == null ? null : m.getMainAttributes().getValue(TA_CLASS_ATTRIBUTE);
            if (name == null || name.isBlank()) {
                throw new IOException("the JAR's manifest has no " + TA_CLASS_ATTRIBUTE + " attribute");
            }
            return name.strip();
        }
    }

    private static void addWithNested(Map<String, byte[]> entries, Class<?> c) {
        String prefix = c.getName() + "$";
        for (Class<?> member : c.getNestHost().getNestMembers()) {
            if (member == c || member.getName().startsWith(prefix)) {
                entries.put(member.getName().replace('.', '/') + ".class", classBytes(member));
            }
        }
        entries.put(c.getName().replace('.', '/') + ".class", classBytes(c));
    }

    private static byte[] classBytes(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + c.getName() + " in its class loader");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    private static byte[] write(Manifest manifest, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(entry(JarFile.MANIFEST_NAME));
            manifest.write(out);
            out.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(entry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(FIXED_TIME);
        return e;
    }
}
