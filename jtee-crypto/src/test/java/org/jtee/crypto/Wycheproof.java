package org.jtee.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jtee.crypto.vectors.VectorFiles;

/** Wycheproof test files as flat lists of tests, each carrying its group's fields ({@code keySize}, {@code tagSize}, ...). */
final class Wycheproof {
    private Wycheproof() {}

    /** The tests of {@code file}, each with its group's fields under {@code group.<name>}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tests(String file) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object g : (List<Object>) VectorFiles.wycheproofJson(file).get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            for (Object t : (List<Object>) group.get("tests")) {
                Map<String, Object> test = new java.util.HashMap<>((Map<String, Object>) t);
                group.forEach((k, v) -> {
                    if (!k.equals("tests")) {
                        test.put("group." + k, v);
                    }
                });
                out.add(test);
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError(file + " holds no tests");
        }
        return out;
    }

    static byte[] hex(Map<String, Object> t, String field) {
        Object v = t.get(field);
        return v == null ? new byte[0] : VectorFiles.hex((String) v);
    }

    static int number(Map<String, Object> t, String field) {
        return ((Number) t.get(field)).intValue();
    }

    /** Whether the test must pass ({@code valid}; {@code acceptable} counts as valid). */
    static boolean valid(Map<String, Object> t) {
        return !"invalid".equals(t.get("result"));
    }

    static String id(Map<String, Object> t) {
        return "tcId " + t.get("tcId") + " (" + t.get("comment") + ")";
    }
}
