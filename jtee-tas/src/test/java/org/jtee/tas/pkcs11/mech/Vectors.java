package org.jtee.tas.pkcs11.mech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** The xtest byte arrays (xtest-vectors.txt) by name, hex helpers and parameter builders. */
final class Vectors {
    private static final Map<String, byte[]> XTEST = load();

    private Vectors() {}

    /** An xtest array; empty when xtest defines it empty (absent from the file). */
    static byte[] x(String name) {
        return XTEST.getOrDefault(name, new byte[0]).clone();
    }

    static boolean has(String name) {
        return XTEST.containsKey(name);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A serialised parameter: ints as little-endian u32, byte arrays as they are. */
    static ByteBuffer params(Object... parts) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (Object p : parts) {
            if (p instanceof Integer i) {
                b.putInt(i);
            } else {
                b.put((byte[]) p);
            }
        }
        return b.flip();
    }

    static ByteBuffer none() {
        return ByteBuffer.allocate(0);
    }

    /** The first {@code n} bytes of a parameter (a truncation). */
    static ByteBuffer cut(ByteBuffer params, int n) {
        ByteBuffer d = params.duplicate();
        d.limit(d.position() + n);
        return d;
    }

    /** A parameter with {@code extra} bytes after it. */
    static ByteBuffer longer(ByteBuffer params, int extra) {
        ByteBuffer b = ByteBuffer.allocate(params.remaining() + extra);
        b.put(params.duplicate());
        return b.position(0);
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> m = new HashMap<>();
        try (var in = Vectors.class.getResourceAsStream("xtest-vectors.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                m.put(f[0], f.length > 1 ? hex(f[1]) : new byte[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
