package org.jtee.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jtee.crypto.vectors.VectorFiles;

/**
 * Reads the NIST CAVP response format ({@code .rsp}) and the files of Debian's
 * {@code python3-cryptography-vectors} written in it: groups of {@code NAME = value} lines
 * separated by blank lines, {@code [NAME = value, ...]} or {@code [SECTION]} headers, {@code #}
 * comments, and bare words ({@code FAIL}). A group holding the record marker is a vector; another
 * group sets parameters that apply to the vectors after it (CCM's {@code Key}, {@code Plen}). Names
 * are upper-cased; each vector carries the headers and parameters in force.
 */
final class NistFile {
    private NistFile() {}

    /** The vectors of the CAVP file at {@code relative} (under {@link VectorFiles#cavpRoot()}). */
    static List<Map<String, String>> read(String relative, String marker) {
        try {
            return nonEmpty(parse(Files.readAllLines(VectorFiles.cavp(relative)), marker.toUpperCase(Locale.ROOT)), relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vectors of a file given by path. */
    static List<Map<String, String>> read(Path file, String marker) {
        try {
            return nonEmpty(parse(Files.readAllLines(file), marker.toUpperCase(Locale.ROOT)), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A vector file that yields nothing is a failure: a renamed marker or file would pass silently. */
    private static List<Map<String, String>> nonEmpty(List<Map<String, String>> vectors, String file) {
        if (vectors.isEmpty()) {
            throw new IllegalStateException("no vectors in " + file);
        }
        return vectors;
    }

    private static List<Map<String, String>> parse(List<String> lines, String marker) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> context = new HashMap<>();
        Map<String, String> group = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty() || line.startsWith("[")) {
                flush(group, context, out, marker);
                if (line.startsWith("[")) {
                    header(line.substring(1, line.length() - 1), context);
                }
                continue;
            }
            if (group.containsKey(marker) && line.toUpperCase(Locale.ROOT).startsWith(marker + " ")) {
                flush(group, context, out, marker);
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                group.put(line.toUpperCase(Locale.ROOT), "");
            } else {
                group.put(line.substring(0, eq).strip().toUpperCase(Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        flush(group, context, out, marker);
        return out;
    }

    private static void header(String inside, Map<String, String> context) {
        for (String part : inside.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                context.put("@SECTION", part.strip().toUpperCase(Locale.ROOT));
            } else {
                context.put(part.substring(0, eq).strip().toUpperCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
    }

    private static void flush(Map<String, String> group, Map<String, String> context, List<Map<String, String>> out,
            String marker) {
        if (group.isEmpty()) {
            return;
        }
        if (group.containsKey(marker)) {
            Map<String, String> v = new HashMap<>(context);
            v.putAll(group);
            out.add(v);
        } else {
            context.putAll(group);
        }
        group.clear();
    }

    /** A hex field as bytes ("" and a missing field are empty). */
    static byte[] bytes(Map<String, String> v, String name) {
        String s = v.get(name);
        return s == null || s.isEmpty() ? new byte[0] : VectorFiles.hex(s);
    }

    /** A hex message field cut to a bit length field ({@code Len = 0} with {@code Msg = 00} is empty). */
    static byte[] message(Map<String, String> v, String msgName, String lenName) {
        byte[] m = bytes(v, msgName);
        String len = v.get(lenName);
        if (len == null) {
            return m;
        }
        return java.util.Arrays.copyOf(m, Integer.parseInt(len) / 8);
    }
}
