package org.jtee.tahost;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.Identity;
import org.jtee.ta.TeeProperties;

/**
 * An immutable GP property set (Internal Core API §4.4). Values are {@code String},
 * {@code Boolean}, {@code Long} (u32 and u64), {@code byte[]}, {@code UUID} or {@link Identity};
 * reading one as another type follows the conversions of GP §4.4 where they exist. As strings,
 * binary blocks read as Base64 and identities as {@code login:uuid} (OP-TEE's form).
 */
public final class PropertySet implements TeeProperties {
    private final Map<String, Object> values;
    private final List<String> names;

    /** {@code values} in the order the enumerator lists them. */
    public PropertySet(Map<String, Object> values) {
        this.values = Map.copyOf(values);
        this.names = List.copyOf(values.keySet());
    }

    /** The values, in order, for {@link PropertyText}. */
    public Map<String, Object> values() {
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        for (String n : names) {
            ordered.put(n, values.get(n));
        }
        return ordered;
    }

    private Object find(String name) throws TeeException {
        Object v = values.get(name);
        if (v == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no property " + name);
        }
        return v;
    }

    private static TeeException badFormat(String name, String wanted) {
        return new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "property " + name + " is not " + wanted);
    }

    @Override
    public String getString(String name) throws TeeException {
        Object v = find(name);
        return switch (v) {
            case byte[] b -> Base64.getEncoder().encodeToString(b);
            case Long l -> Long.toUnsignedString(l);
            case Identity id -> PropertyValues.text(id);
            default -> v.toString();
        };
    }

    @Override
    public boolean getBool(String name) throws TeeException {
        Object v = find(name);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw badFormat(name, "a boolean");
    }

    @Override
    public int getU32(String name) throws TeeException {
        long v = getU64(name);
        if ((v >>> 32) != 0) {
            throw badFormat(name, "a 32-bit integer");
        }
        return (int) v;
    }

    @Override
    public long getU64(String name) throws TeeException {
        return typed(name, Long.class, s -> s.startsWith("0x") || s.startsWith("0X")
                ? Long.parseUnsignedLong(s.substring(2), 16)
                : Long.parseUnsignedLong(s), "an integer");
    }

    @Override
    public byte[] getBinaryBlock(String name) throws TeeException {
        Object v = find(name);
        return v instanceof byte[] b ? b.clone()
                : typed(name, byte[].class, s -> Base64.getDecoder().decode(s.getBytes(StandardCharsets.US_ASCII)),
                        "a Base64 binary block");
    }

    @Override
    public UUID getUuid(String name) throws TeeException {
        return typed(name, UUID.class, UUID::fromString, "a UUID");
    }

    @Override
    public Identity getIdentity(String name) throws TeeException {
        return typed(name, Identity.class, PropertyValues::identity, "an identity (login:uuid)");
    }

    /**
     * The value of {@code name} as a {@code type}: as stored, or read from a string by
     * {@code parse}, which throws {@link IllegalArgumentException} (a {@link NumberFormatException}
     * too) for text that is not one.
     */
    private <T> T typed(String name, Class<T> type, java.util.function.Function<String, T> parse, String what)
            throws TeeException {
        Object v = find(name);
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        if (v instanceof String s) {
            try {
                return parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw badFormat(name, what);
            }
        }
        throw badFormat(name, what);
    }

    @Override
    public List<String> names() {
        return names;
    }

    /** {@code TEE_PROPSET_CURRENT_CLIENT} of {@code client}. */
    public static TeeProperties clientProperties(Identity client) {
        return new PropertySet(Map.of("gpd.client.identity", client, "gpd.client.endian", 0L));
    }
}
