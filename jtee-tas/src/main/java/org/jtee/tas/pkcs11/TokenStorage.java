package org.jtee.tas.pkcs11;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectEnumerator;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;

/**
 * The TA's persistent objects in {@code TEE_STORAGE_PRIVATE}: one token record per token and one
 * object per token object (docs/pkcs11.md, "Storage layout"). Every write is a single create with
 * {@code OVERWRITE}, which the trusted storage commits atomically: a crash leaves the old or the
 * new content, never a mix. There is no index to keep in step: the storage's own directory of
 * objects (enumerated once, when the TA instance starts) is the index, so no record can name an
 * object that is missing.
 *
 * <pre>
 *   pkcs11.token.N                     token record of token N
 *   pkcs11.obj.N.GGGGGGGG.&lt;32 hex&gt;     a token object of token N, generation G (hex), random name
 * </pre>
 */
final class TokenStorage {
    private TokenStorage() {}

    static final String RECORD_PREFIX = "pkcs11.token.";
    static final String OBJECT_PREFIX = "pkcs11.obj.";
    private static final byte[] OBJECT_MAGIC = {'P', '1', '1', 'O'};
    private static final int OBJECT_VERSION = 1;
    private static final int WRITE_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_OVERWRITE;
    private static final int READ_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ;

    /** A stored name and its content. */
    record Stored(String name, byte[] data) {}

    static String recordName(int token) {
        return RECORD_PREFIX + token;
    }

    static String objectName(int token, int generation) {
        return OBJECT_PREFIX + token + "." + String.format("%08x", generation) + "."
                + java.util.HexFormat.of().formatHex(org.jtee.ta.Tee.random(16));
    }

    /** Token index and generation of an object name; null if it is not one. */
    static int[] parseObjectName(String name) {
        if (!name.startsWith(OBJECT_PREFIX)) {
            return null;
        }
        String[] parts = name.substring(OBJECT_PREFIX.length()).split("\\.");
        try {
            return parts.length == 3 ? new int[] {Integer.parseInt(parts[0]), Integer.parseUnsignedInt(parts[1], 16)} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Every object of the TA whose name starts with {@code pkcs11.}, with its content. */
    static List<Stored> readAll() throws TeeException {
        List<String> names = new ArrayList<>();
        try (ObjectEnumerator e = ObjectEnumerator.allocate()) {
            try {
                e.start(TeeStorage.PRIVATE);
                while (true) {
                    names.add(new String(e.next().objectId(), StandardCharsets.US_ASCII));
                }
            } catch (TeeException end) {
                if (end.result() != TeeResult.ITEM_NOT_FOUND) {
                    throw end;
                }
            }
        }
        List<Stored> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (name.startsWith("pkcs11.")) {
                byte[] data = read(name);
                if (data != null) {
                    out.add(new Stored(name, data));
                }
            }
        }
        return out;
    }

    /** The content of {@code name}, or null if it does not exist. */
    static byte[] read(String name) throws TeeException {
        PersistentObject o;
        try {
            o = PersistentObject.open(TeeStorage.PRIVATE, id(name), READ_FLAGS);
        } catch (TeeException e) {
            if (e.result() == TeeResult.ITEM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
        try {
            byte[] data = new byte[(int) o.info().dataSize()];
            int n = 0;
            while (n < data.length) {
                int r = o.read(data, n, data.length - n);
                if (r <= 0) {
                    throw new TeeException(TeeResult.CORRUPT_OBJECT, name + " is shorter than its size");
                }
                n += r;
            }
            return data;
        } finally {
            o.close();
        }
    }

    /** Writes {@code data} as {@code name}, replacing it atomically. */
    static void write(String name, byte[] data) throws TeeException {
        PersistentObject.create(TeeStorage.PRIVATE, id(name), WRITE_FLAGS, data).close();
    }

    /** Deletes {@code name}; nothing if it does not exist. */
    static void delete(String name) throws TeeException {
        PersistentObject o;
        try {
            o = PersistentObject.open(TeeStorage.PRIVATE, id(name), TeeStorage.DATA_FLAG_ACCESS_WRITE_META);
        } catch (TeeException e) {
            if (e.result() == TeeResult.ITEM_NOT_FOUND) {
                return;
            }
            throw e;
        }
        o.closeAndDelete();
    }

    /** A token object's stored form: "P11O", u32 version 1, the attribute list (§4.2). */
    static byte[] encodeObject(P11Object o) {
        byte[] attrs = o.encode();
        byte[] out = new byte[8 + attrs.length];
        System.arraycopy(OBJECT_MAGIC, 0, out, 0, 4);
        Template.putU32(out, 4, OBJECT_VERSION);
        System.arraycopy(attrs, 0, out, 8, attrs.length);
        Arrays.fill(attrs, (byte) 0);
        return out;
    }

    /** The attributes of a stored token object; null if it is not one this version wrote. */
    static Template decodeObject(byte[] data) {
        if (data.length < 8 || !Arrays.equals(Arrays.copyOf(data, 4), OBJECT_MAGIC) || Template.u32(data, 4) != OBJECT_VERSION) {
            return null;
        }
        try {
            return Template.parse(data, 8, data.length - 8);
        } catch (CkException e) {
            return null;
        }
    }

    private static byte[] id(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
