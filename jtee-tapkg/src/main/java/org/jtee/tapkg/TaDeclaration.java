package org.jtee.tapkg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.jtee.ta.Ta;

/**
 * The {@link Ta} annotation of a TA class as its class file declares it, elements left out filled
 * in with the annotation's defaults. It is read with the JDK's class-file API, without loading the
 * class: none of the TA's code runs. The core reads a verified image's TA this way, the packaging
 * tools and {@code jtee ta verify} read a JAR the same way, so they agree on which class is the TA
 * (the one the manifest's {@value TaJar#TA_CLASS_ATTRIBUTE} names) and on what it declares.
 *
 * @param className the TA class's binary name
 * @param uuid {@code gpd.ta.appID}
 * @param version {@code gpd.ta.version} as written, e.g. {@code "1.2"}
 */
public record TaDeclaration(String className, UUID uuid, boolean singleInstance, boolean multiSession,
        boolean instanceKeepAlive, int dataSize, int stackSize, String version, String description) {
    private static final String TA_DESCRIPTOR = "L" + Ta.class.getName().replace('.', '/') + ";";
    private static final int MAX_CLASS_BYTES = 4 << 20;

    public TaDeclaration {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The declaration of the TA class that {@code jar}'s manifest names.
     *
     * @throws IOException if the JAR, its manifest attribute, the class or its {@code @Ta} is
     *     missing or malformed; the message says which
     */
    public static TaDeclaration ofJar(byte[] jar) throws IOException {
        String name = TaJar.taClass(jar);
        return ofClassFile(taClassFile(jar, name)).orElseThrow(() -> new IOException("the TA class " + name + " has no @Ta"));
    }

    /**
     * The declaration in one class file, or empty if the class is not annotated {@code @Ta}.
     *
     * @throws IOException if the class file or its {@code @Ta} is malformed
     */
    public static Optional<TaDeclaration> ofClassFile(byte[] classFile) throws IOException {
        ClassModel model;
        try {
            model = ClassFile.of().parse(classFile);
        } catch (IllegalArgumentException e) {
            throw new IOException("the TA class file is malformed: " + e.getMessage(), e);
        }
        Optional<Annotation> ta = model.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(RuntimeVisibleAnnotationsAttribute::annotations).orElse(List.of()).stream()
                .filter(a -> a.classSymbol().descriptorString().equals(TA_DESCRIPTOR)).findFirst();
        if (ta.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(declared(model.thisClass().asInternalName().replace('/', '.'), ta.get()));
    }

    /**
     * Refuses an image for TA {@code imageUuid} whose class declares another UUID: the core would
     * refuse to run it.
     *
     * @throws TaImageException naming both UUIDs and the class
     */
    public void requireUuid(UUID imageUuid) throws TaImageException {
        if (!uuid.equals(imageUuid)) {
            throw new TaImageException(mismatch(imageUuid));
        }
    }

    /** The words for an image of TA {@code imageUuid} whose class declares another UUID. */
    public String mismatch(UUID imageUuid) {
        return "the image is for TA " + imageUuid + ", but its TA class " + className + " declares @Ta(uuid = \""
                + uuid + "\")";
    }

    private static TaDeclaration declared(String className, Annotation ta) throws IOException {
        Map<String, Object> v = new HashMap<>();
        for (AnnotationElement e : ta.elements()) {
            v.put(e.name().stringValue(), constant(e.value()));
        }
        try {
            return new TaDeclaration(className, UUID.fromString((String) value(v, "uuid")), (Boolean) value(v, "singleInstance"),
                    (Boolean) value(v, "multiSession"), (Boolean) value(v, "instanceKeepAlive"), (Integer) value(v, "dataSize"),
                    (Integer) value(v, "stackSize"), (String) value(v, "version"), (String) value(v, "description"));
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IOException("the @Ta annotation of " + className + " is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] taClassFile(byte[] jar, String name) throws IOException {
        String entry = name.replace('.', '/') + ".class";
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), false)) {
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                if (e.getName().equals(entry)) {
                    return in.readNBytes(MAX_CLASS_BYTES);
                }
            }
        }
        throw new IOException("the TA's JAR has no class " + name + ", which its manifest names");
    }

    private static Object constant(AnnotationValue value) {
        return switch (value) {
            case AnnotationValue.OfString s -> s.stringValue();
            case AnnotationValue.OfBoolean b -> b.booleanValue();
            case AnnotationValue.OfInt i -> i.intValue();
            default -> value.toString();
        };
    }

    /** An element's value, or the default {@link Ta} declares for it. */
    private static Object value(Map<String, Object> values, String name) throws IOException {
        Object v = values.get(name);
        if (v != null) {
            return v;
        }
        try {
            Method m = Ta.class.getMethod(name);
            if (m.getDefaultValue() == null) {
                throw new IOException("the @Ta annotation has no " + name);
            }
            return m.getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IOException("@Ta has no element " + name, e);
        }
    }
}
