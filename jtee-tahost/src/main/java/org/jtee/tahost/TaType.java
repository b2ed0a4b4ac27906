package org.jtee.tahost;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TrustedApplication;

/**
 * A TA the core can instantiate: its properties, read once from its {@link Ta} annotation, and a
 * factory for new instances. Pseudo TAs are part of the core; like OP-TEE's PTAs they are single
 * instance, multi session and keep alive, and may be {@code concurrent} (no per-instance lock).
 */
public record TaType(
        UUID uuid,
        TaInfo info,
        Map<String, Object> extraProperties,
        boolean pseudo,
        boolean concurrent,
        Supplier<? extends TrustedApplication<?>> factory) {

    public TaType {
        Objects.requireNonNull(uuid);
        Objects.requireNonNull(info);
        Objects.requireNonNull(factory);
        extraProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraProperties)); // in declaration order
        if (pseudo && !(info.singleInstance() && info.multiSession() && info.instanceKeepAlive())) {
            throw new IllegalArgumentException("pseudo TA " + uuid
                    + " must be single instance, multi session and keep alive");
        }
        if (concurrent && !pseudo) {
            throw new IllegalArgumentException("only pseudo TAs may be concurrent: " + uuid);
        }
    }

    /** Reads the properties of {@code type} from its annotations. */
    public static TaType of(Class<?> type, boolean pseudo, boolean concurrent,
            Supplier<? extends TrustedApplication<?>> factory) {
        return new TaType(uuidOf(type), TaInfo.of(type.getAnnotation(Ta.class)), extraPropertiesOf(type), pseudo,
                concurrent, factory);
    }

    /** The UUID of the {@link Ta} annotation of {@code type}. */
    static UUID uuidOf(Class<?> type) {
        Ta info = type.getAnnotation(Ta.class);
        if (info == null) {
            throw new IllegalArgumentException(type.getName() + " has no @Ta annotation");
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(info.uuid());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type.getName() + ": @Ta uuid '" + info.uuid() + "' is not a UUID", e);
        }
        return uuid;
    }

    /** The {@link TaProperty} annotations of {@code type}. */
    static Map<String, Object> extraPropertiesOf(Class<?> type) {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (TaProperty p : type.getAnnotationsByType(TaProperty.class)) {
            if (p.name().startsWith("gpd.")) {
                throw new IllegalArgumentException(type.getName() + ": extra property " + p.name()
                        + " must not begin with 'gpd.'");
            }
            try {
                extra.put(p.name(), value(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(type.getName() + ": extra property " + p.name() + " of type "
                        + p.type() + ": " + e.getMessage(), e);
            }
        }
        return extra;
    }

    /** The value of one declared property, as {@link PropertySet} holds it. */
    private static Object value(TaProperty p) {
        return switch (p.type()) {
            case STRING -> p.string();
            case U32 -> Integer.toUnsignedLong(p.u32());
            case U64 -> p.u64();
            case BOOL -> p.bool();
            case UUID -> java.util.UUID.fromString(p.string());
            case IDENTITY -> PropertyValues.identity(p.string());
            case BINARY_BLOCK -> PropertyValues.base64(p.string());
        };
    }

    /** The {@code gpd.ta.*} set followed by the extra properties. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gpd.ta.appID", uuid);
        p.put("gpd.ta.singleInstance", info.singleInstance());
        p.put("gpd.ta.multiSession", info.multiSession());
        p.put("gpd.ta.instanceKeepAlive", info.instanceKeepAlive());
        p.put("gpd.ta.dataSize", Integer.toUnsignedLong(info.dataSize()));
        p.put("gpd.ta.stackSize", Integer.toUnsignedLong(info.stackSize()));
        p.put("gpd.ta.version", info.version());
        p.put("gpd.ta.description", info.description());
        p.put("gpd.ta.endian", 0L);
        p.putAll(extraProperties);
        return p;
    }
}
