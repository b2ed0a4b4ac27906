package org.jtee.tas.pkcs11;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jtee.tas.pkcs11.mech.KeyView;

/**
 * One PKCS#11 object: its attributes in the order they were assembled, hidden ones included.
 * A session object belongs to the session that created it ({@link #owner}); a token object to
 * its {@link Token}, under a storage name ({@link #storageName}). Objects are changed only
 * through {@link #replaceAll}, which also drops the key material the mechanism layer cached.
 * Key values are wiped when the object is destroyed.
 */
final class P11Object implements KeyView {
    private Map<Integer, byte[]> attrs;
    private Object material;
    private boolean destroyed;
    /** The session that owns a session object; null for a token object. */
    final Session owner;
    /** The token of a token object; null for a session object. */
    final Token token;
    /** The storage name of a token object (its persistent object ID). */
    final String storageName;

    P11Object(Map<Integer, byte[]> attrs, Session owner, Token token, String storageName) {
        this.attrs = new LinkedHashMap<>(attrs);
        this.owner = owner;
        this.token = token;
        this.storageName = storageName;
    }

    boolean isTokenObject() {
        return token != null;
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /** The attributes (do not modify). */
    Map<Integer, byte[]> attributes() {
        return attrs;
    }

    /** Replaces every attribute (after a successful SET_ATTRIBUTE_VALUE). */
    void replaceAll(Map<Integer, byte[]> newAttrs) {
        attrs = new LinkedHashMap<>(newAttrs);
        dropMaterial();
    }

    /** Marks the object destroyed and wipes its values. */
    void destroy() {
        destroyed = true;
        dropMaterial();
        for (byte[] v : attrs.values()) {
            Arrays.fill(v, (byte) 0);
        }
    }

    boolean isPrivate() {
        return flag(Ck.CKA_PRIVATE);
    }

    @Override
    public int objectClass() {
        return u32(Ck.CKA_CLASS);
    }

    @Override
    public int keyType() {
        return u32(Ck.CKA_KEY_TYPE);
    }

    @Override
    public byte[] attribute(int type) {
        return attrs.get(type);
    }

    @Override
    public boolean flag(int type) {
        byte[] v = attrs.get(type);
        return v != null && v.length == 1 && v[0] != 0;
    }

    @Override
    public boolean allowsMechanism(int mechanism) {
        return allows(attrs.get(Ck.CKA_ALLOWED_MECHANISMS), mechanism);
    }

    static boolean allows(byte[] list, int mechanism) {
        if (list == null) {
            return true;
        }
        for (int i = 0; i + 4 <= list.length; i += 4) {
            if (Template.u32(list, i) == mechanism) {
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
        if (material != this.material) {
            dropMaterial();
        }
        this.material = material;
    }

    /**
     * Forgets the cached material, wiping it: the mechanism layer's material closes its key
     * copies (operations in progress hold their own copy of the key and finish unharmed).
     */
    private void dropMaterial() {
        if (material instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cached key material failed to close", e);
            }
        }
        material = null;
    }

    /** A 4-byte attribute, or {@code Ck.UNAVAILABLE} when absent. */
    int u32(int type) {
        byte[] v = attrs.get(type);
        return v == null || v.length != 4 ? Ck.UNAVAILABLE : Template.u32(v, 0);
    }

    /** GET_OBJECT_SIZE: the bytes of the serialised attribute list, hidden attributes included. */
    int serialisedSize() {
        int size = 8;
        for (byte[] v : attrs.values()) {
            size += 8 + v.length;
        }
        return size;
    }

    /** The attributes as a serialised list (§4.2), as stored. */
    byte[] encode() {
        List<Template.Attr> list = attrs.entrySet().stream().map(e -> new Template.Attr(e.getKey(), e.getValue())).toList();
        return Template.encode(list);
    }

    /** A view of a template as a key, for the mechanism layer's key-pair generation. */
    static KeyView view(Map<Integer, byte[]> attrs) {
        return new P11Object(attrs, null, null, null);
    }
}
