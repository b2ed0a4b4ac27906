package org.jtee.tahost;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Defines a TA's classes from the bytes of its verified JAR, held in memory: nothing is read from
 * the file system. Classes of the TA API and the JDK come from the parent, first (so a TA cannot
 * replace one), and a TA's JAR may hold no class in a package of the JDK. The JAR's other
 * entries are the TA's read-only resources, served by {@link #getResourceAsStream} (and so by
 * {@link Class#getResourceAsStream}) from memory; they have no URL.
 */
final class JarClassLoader extends ClassLoader {
    /** Largest JAR entry accepted; a larger one refuses the whole JAR. */
    static final int MAX_ENTRY_BYTES = 16 << 20;

    private final Map<String, byte[]> classes = new HashMap<>();
    private final Map<String, byte[]> resources = new HashMap<>();
    private final String taClass;

    JarClassLoader(byte[] jar, ClassLoader parent) throws IOException {
        super("ta", parent);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), false)) {
            if (in.getManifest() == null || in.getManifest().getMainAttributes().getValue(TaJarAttributes.TA_CLASS) == null) {
                throw new IOException("the TA's JAR names no " + TaJarAttributes.TA_CLASS + " in its manifest");
            }
            taClass = in.getManifest().getMainAttributes().getValue(TaJarAttributes.TA_CLASS);
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                if (!e.isDirectory() && e.getName().endsWith(".class")) {
                    String name = e.getName().substring(0, e.getName().length() - 6).replace('/', '.');
                    checkPackage(name);
                    classes.put(name, readEntry(in, e));
                } else if (!e.isDirectory()) {
                    resources.put(e.getName(), readEntry(in, e));
                }
            }
        }
    }

    /** The bytes of the entry {@code in} is at, all of them, or an error if there are more than the bound. */
    private static byte[] readEntry(JarInputStream in, JarEntry e) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new IOException("the TA's JAR entry " + e.getName() + " is larger than " + MAX_ENTRY_BYTES + " bytes");
        }
        return bytes;
    }

    private static void checkPackage(String className) throws IOException {
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.")) {
            throw new IOException("a TA may not define " + className + ": the package belongs to the platform");
        }
    }

    /** The class the manifest names as the TA. */
    String taClassName() {
        return taClass;
    }

    /** A resource of the JDK or the TA API (the parent's, first), else an entry of the TA's JAR that is not a class. */
    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream platform = super.getResourceAsStream(name);
        if (platform != null) {
            return platform;
        }
        byte[] bytes = resources.get(name);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.remove(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }
}
