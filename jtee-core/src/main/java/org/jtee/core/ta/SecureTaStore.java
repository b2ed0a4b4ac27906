package org.jtee.core.ta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.storage.ObjectStore;
import org.jtee.tapkg.TaImageInfo;

/**
 * Where TAs installed in secure storage are kept: each signed image whole, as installed (still
 * signed, still encrypted if it was), as one of the core's own objects ({@link CoreObjects}),
 * with a short description of its verified header as the object's attributes:
 * <pre>
 * id          "ta:" + uuid                              (39 ASCII bytes)
 * data        the image, byte for byte
 * attributes  u32 version | u8 encrypted (0/1) | algorithm name, ASCII
 * </pre>
 * Replacing or removing an image is one commit. The store authenticates the bytes, and the
 * loader verifies the signature again at every load all the same.
 */
final class SecureTaStore {
    static final String ID_PREFIX = "ta:";

    private final CoreObjects objects;

    SecureTaStore(CoreObjects objects) {
        this.objects = objects;
    }

    /** The installed image of {@code uuid}, or null if there is none. */
    byte[] image(UUID uuid) throws TeeException {
        return objects.read(ID_PREFIX + uuid);
    }

    /** The installed copy of {@code uuid}, or null. */
    SecureTas.Installed installed(UUID uuid) throws TeeException {
        ObjectStore.Entry e = objects.store().find(CoreObjects.OWNER, (ID_PREFIX + uuid).getBytes(StandardCharsets.US_ASCII));
        return e == null ? null : describe(uuid, e);
    }

    /** Stores {@code image}, described by {@code info} (from the verified header), in one commit. */
    SecureTas.Installed put(byte[] image, TaImageInfo info) throws TeeException {
        byte[] algorithm = info.algorithm().getBytes(StandardCharsets.US_ASCII);
        byte[] attributes = ByteBuffer.allocate(5 + algorithm.length).putInt((int) info.version())
                .put((byte) (info.encrypted() ? 1 : 0)).put(algorithm).array();
        objects.write(ID_PREFIX + info.uuid(), image, attributes);
        return new SecureTas.Installed(info.uuid(), info.version(), image.length, info.algorithm(), info.encrypted());
    }

    boolean remove(UUID uuid) throws TeeException {
        return objects.delete(ID_PREFIX + uuid);
    }

    List<SecureTas.Installed> list() throws TeeException {
        List<SecureTas.Installed> out = new ArrayList<>();
        for (ObjectStore.Entry listed : objects.list(ID_PREFIX)) {
            UUID uuid;
            try {
                uuid = UUID.fromString(CoreObjects.idOf(listed).substring(ID_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                continue;
            }
            try {
                out.add(describe(uuid, objects.store().entry(listed.number())));
            } catch (TeeException e) {
                if (e.result() != TeeResult.ITEM_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return out;
    }

    private static SecureTas.Installed describe(UUID uuid, ObjectStore.Entry e) throws TeeException {
        ByteBuffer a = ByteBuffer.wrap(e.header().attributes());
        if (a.remaining() < 5) {
            throw new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, "the description of secure TA " + uuid + " is cut short");
        }
        long version = Integer.toUnsignedLong(a.getInt());
        boolean encrypted = a.get() != 0;
        byte[] algorithm = new byte[a.remaining()];
        a.get(algorithm);
        return new SecureTas.Installed(uuid, version, e.dataSize(), new String(algorithm, StandardCharsets.US_ASCII), encrypted);
    }
}
