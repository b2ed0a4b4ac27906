package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.jtee.tas.pkcs11.Ck;

/** A small in-test {@link KeyView}: a class, a type and attribute values, as the object model stores them. */
final class TestKey implements KeyView {
    private final int objectClass;
    private final int keyType;
    private final Map<Integer, byte[]> attributes = new HashMap<>();
    private Object material;

    TestKey(int objectClass, int keyType) {
        this.objectClass = objectClass;
        this.keyType = keyType;
    }

    static TestKey secret(int keyType, byte[] value, int... flags) {
        TestKey k = new TestKey(Ck.CKO_SECRET_KEY, keyType).with(Ck.CKA_VALUE, value);
        for (int f : flags) {
            k.set(f);
        }
        return k;
    }

    TestKey with(int type, byte[] value) {
        attributes.put(type, value);
        material = null;
        return this;
    }

    TestKey set(int flag) {
        return with(flag, new byte[] {1});
    }

    TestKey allowing(int... mechanisms) {
        ByteBuffer b = ByteBuffer.allocate(4 * mechanisms.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int m : mechanisms) {
            b.putInt(m);
        }
        return with(Ck.CKA_ALLOWED_MECHANISMS, b.array());
    }

    @Override
    public int objectClass() {
        return objectClass;
    }

    @Override
    public int keyType() {
        return keyType;
    }

    @Override
    public byte[] attribute(int type) {
        return attributes.get(type);
    }

    @Override
    public boolean flag(int type) {
        byte[] v = attributes.get(type);
        return v != null && v.length == 1 && v[0] != 0;
    }

    @Override
    public boolean allowsMechanism(int mechanism) {
        byte[] list = attributes.get(Ck.CKA_ALLOWED_MECHANISMS);
        if (list == null) {
            return true;
        }
        ByteBuffer b = ByteBuffer.wrap(list).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 4) {
            if (b.getInt() == mechanism) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object material() {
        return material;
    }

    @Override
    public void material(Object material) {
        this.material = material;
    }

    /** Every attribute (for building a key from generated values). */
    Map<Integer, byte[]> attributes() {
        return attributes;
    }
}
