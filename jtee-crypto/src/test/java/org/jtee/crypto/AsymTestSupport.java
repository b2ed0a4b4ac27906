package org.jtee.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.crypto.vectors.VectorFiles;

/** Keys, engines and vector files for the asymmetric engine tests. */
final class AsymTestSupport {
    private AsymTestSupport() {}

    /** A populated transient object. */
    static TransientObject key(int type, int maxBits, Attribute... attrs) throws TeeException {
        TransientObject o = TransientObject.allocate(type, maxBits);
        o.populate(attrs);
        return o;
    }

    /**
     * An object filled through {@link TransientObject#install}, bypassing populate's checks: for
     * keys that populate may refuse, so that the engine's own checks are what the test exercises.
     */
    static TransientObject raw(int type, int size, Attribute... attrs) throws TeeException {
        TransientObject o = TransientObject.allocate(type, size);
        java.util.Map<Integer, Attribute> m = new LinkedHashMap<>();
        for (Attribute a : attrs) {
            m.put(a.id(), a);
        }
        o.install(m, size);
        return o;
    }

    /** A buffer attribute from hex. */
    static Attribute buf(int id, String hex) {
        return Attribute.ref(id, VectorFiles.hex(hex));
    }

    /** A big-integer attribute from hex, without leading zero bytes (as OP-TEE sizes keys by value). */
    static Attribute num(int id, String hex) {
        return Attribute.ref(id, hexInt(hex));
    }

    /** A buffer attribute. */
    static Attribute buf(int id, byte[] b) {
        return Attribute.ref(id, b);
    }

    /** A value attribute. */
    static Attribute val(int id, int a) {
        return Attribute.value(id, a, 0);
    }

    /** An empty GENERIC_SECRET object for a derivation's result. */
    static TransientObject secretObject() throws TeeException {
        return TransientObject.allocate(TeeType.GENERIC_SECRET, 4096);
    }

    /** The derived secret. */
    static byte[] secret(TransientObject o) {
        return o.buffer(TeeAttr.SECRET_VALUE);
    }

    /** An engine for {@code algorithm} in {@code mode} with {@code key} set. */
    static AsymmetricEngine engine(int algorithm, int mode, TransientObject key) throws TeeException {
        return engine(algorithm, mode, key, null);
    }

    /** An engine with two keys. */
    static AsymmetricEngine engine(int algorithm, int mode, TransientObject key, TransientObject key2) throws TeeException {
        AsymmetricEngine e = AsymmetricAlgorithms.create(algorithm, mode);
        e.setKey(key, key2);
        return e;
    }

    /** One Wycheproof test with its group. */
    record Case(Map<String, Object> group, Map<String, Object> test) {
        String s(String key) {
            Object v = test.containsKey(key) ? test.get(key) : group.get(key);
            return (String) v;
        }

        byte[] hex(String key) {
            return VectorFiles.hex(s(key));
        }

        String result() {
            return (String) test.get("result");
        }

        boolean valid() {
            return "valid".equals(result());
        }

        boolean acceptable() {
            return "acceptable".equals(result());
        }

        @SuppressWarnings("unchecked")
        List<String> flags() {
            return (List<String>) test.getOrDefault("flags", List.of());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> groupMap(String key) {
            return (Map<String, Object>) group.get(key);
        }

        int intOf(String key) {
            Object v = test.containsKey(key) ? test.get(key) : group.get(key);
            return ((Long) v).intValue();
        }

        @Override
        public String toString() {
            return "tcId " + test.get("tcId") + " (" + test.get("comment") + ")";
        }
    }

    /** Every test of a Wycheproof file. */
    @SuppressWarnings("unchecked")
    static List<Case> wycheproof(String file) {
        List<Case> out = new ArrayList<>();
        for (Object g : (List<Object>) VectorFiles.wycheproofJson(file).get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            for (Object t : (List<Object>) group.get("tests")) {
                out.add(new Case(group, (Map<String, Object>) t));
            }
        }
        return out;
    }

    /** A JDK hash by Wycheproof's or CAVP's name ("SHA-256", "SHA256", "SHA3-256"), or null if unknown. */
    static byte[] hash(String name, byte[] message) {
        String n = name.replace("SHA-", "SHA").replace("SHA", "SHA-").replace("SHA-3-", "SHA3-");
        try {
            return MessageDigest.getInstance(n).digest(message);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * The records of a CAVP {@code .rsp} file: each ends at a {@code Result} line (or at
     * {@code endKey}), carrying every value seen since the start of its section, the section
     * header under {@code "section"}.
     */
    static List<Map<String, String>> rsp(String relative, String endKey) {
        List<String> lines;
        try {
            lines = Files.readAllLines(VectorFiles.cavp(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new LinkedHashMap<>();
                current.put("section", line.substring(1, line.length() - 1));
            } else if (line.indexOf('=') > 0 && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                String k = line.substring(0, eq).strip();
                current.put(k, line.substring(eq + 1).strip());
                if (k.equals(endKey)) {
                    out.add(new LinkedHashMap<>(current));
                }
            }
        }
        return out;
    }

    /** Hex that may have an odd number of digits. */
    static byte[] hexInt(String hex) {
        return EngineSupport.minimal(new java.math.BigInteger(hex, 16));
    }
}
