package org.jtee.tas.pkcs11;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A set of objects with indexes by the attributes consumers search on: CKA_CLASS, CKA_ID and
 * CKA_LABEL (issue item 4). {@link #candidates} gives, for a find template, the smallest indexed
 * set that every match must be in, so a search that names any of those attributes costs in
 * proportion to that set rather than to the number of objects. An object's entries follow its
 * attributes: {@link #remove} before a change, {@link #add} after.
 */
final class ObjectIndex {
    private final Set<P11Object> all = new LinkedHashSet<>();
    private final Map<Integer, Set<P11Object>> byClass = new HashMap<>();
    private final Map<String, Set<P11Object>> byId = new HashMap<>();
    private final Map<String, Set<P11Object>> byLabel = new HashMap<>();

    int size() {
        return all.size();
    }

    Collection<P11Object> all() {
        return Collections.unmodifiableSet(all);
    }

    void add(P11Object o) {
        all.add(o);
        byClass.computeIfAbsent(o.objectClass(), k -> new LinkedHashSet<>()).add(o);
        put(byId, o.attribute(Ck.CKA_ID), o);
        put(byLabel, o.attribute(Ck.CKA_LABEL), o);
    }

    void remove(P11Object o) {
        if (!all.remove(o)) {
            return;
        }
        drop(byClass, o.objectClass(), o);
        drop(byId, key(o.attribute(Ck.CKA_ID)), o);
        drop(byLabel, key(o.attribute(Ck.CKA_LABEL)), o);
    }

    /** The objects a search for {@code template} needs to look at: all of them, or a smaller indexed set. */
    Collection<P11Object> candidates(Template template) {
        Collection<P11Object> best = all;
        for (Template.Attr a : template.attrs()) {
            Set<P11Object> s = switch (a.type()) {
                case Ck.CKA_CLASS -> byClass.getOrDefault(Template.u32(a.value(), 0), Set.of());
                case Ck.CKA_ID -> byId.getOrDefault(key(a.value()), Set.of());
                case Ck.CKA_LABEL -> byLabel.getOrDefault(key(a.value()), Set.of());
                default -> null;
            };
            if (s != null && s.size() < best.size()) {
                best = s;
            }
        }
        return best;
    }

    private static void put(Map<String, Set<P11Object>> index, byte[] value, P11Object o) {
        if (value != null) {
            index.computeIfAbsent(key(value), k -> new LinkedHashSet<>()).add(o);
        }
    }

    private static <K> void drop(Map<K, Set<P11Object>> index, K key, P11Object o) {
        if (key == null) {
            return;
        }
        Set<P11Object> s = index.get(key);
        if (s != null && s.remove(o) && s.isEmpty()) {
            index.remove(key);
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    /** The index key of an attribute value: its hex form; null for none. */
    private static String key(byte[] value) {
        return value == null ? null : HEX.formatHex(value);
    }
}
