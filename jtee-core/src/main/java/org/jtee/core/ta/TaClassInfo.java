package org.jtee.core.ta;

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
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.jtee.ta.Ta;
import org.jtee.tahost.TaInfo;
import org.jtee.tahost.TaJarAttributes;

/**
 * The {@link Ta} properties of a dynamic TA, read from the class file in its verified JAR without
 * loading the class into the core (the core never runs a dynamic TA's code). Only called on an
 * image whose signature has verified.
 */
final class TaClassInfo {
    private static final String TA_DESCRIPTOR = "L" + Ta.class.getName().replace('.', '/') + ";";
    private static final int MAX_CLASS_BYTES = 4 << 20;

    /** The UUID the class declares and its properties. */
    record Declared(UUID uuid, TaInfo info) {}

    private TaClassInfo() {}

    /**
     * Reads the {@code @Ta} annotation of the class the JAR's manifest names.
     *
     * @throws IOException if the JAR, the manifest, the class or the annotation is missing or malformed
     */
    static Declared read(byte[] jar) throws IOException {
        byte[] classFile = taClassFile(jar);
        ClassModel model;
        try {
            model = ClassFile.of().parse(classFile);
        } catch (IllegalArgumentException e) {
            throw new IOException("the TA class file is malformed: " + e.getMessage(), e);
        }
        Annotation ta = model.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(RuntimeVisibleAnnotationsAttribute::annotations).orElse(java.util.List.of()).stream()
                .filter(a -> a.classSymbol().descriptorString().equals(TA_DESCRIPTOR)).findFirst()
                .orElseThrow(() -> new IOException("the TA class " + model.thisClass().asInternalName() + " has no @Ta"));
        Map<String, Object> v = new HashMap<>();
        for (AnnotationElement e : ta.elements()) {
            v.put(e.name().stringValue(), constant(e.value()));
        }
        try {
            UUID uuid = UUID.fromString((String) value(v, "uuid"));
            return new Declared(uuid, new TaInfo((Boolean) value(v, "singleInstance"), (Boolean) value(v, "multiSession"),
                    (Boolean) value(v, "instanceKeepAlive"), (Integer) value(v, "dataSize"), (Integer) value(v, "stackSize"),
                    (String) value(v, "version"), (String) value(v, "description")));
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IOException("the TA's @Ta annotation is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] taClassFile(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), false)) {
            String name = in.getManifest() == null ? null : in.getManifest().getMainAttributes().getValue(TaJarAttributes.TA_CLASS);
            if (name == null) {
                throw new IOException("the TA's JAR names no " + TaJarAttributes.TA_CLASS + " in its manifest");
            }
            String entry = name.replace('.', '/') + ".class";
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                if (e.getName().equals(entry)) {
                    return in.readNBytes(MAX_CLASS_BYTES);
                }
            }
            throw new IOException("the TA's JAR has no class " + name);
        }
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
                throw new IOException("the TA's @Ta has no " + name);
            }
            return m.getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IOException("@Ta has no element " + name, e);
        }
    }
}
