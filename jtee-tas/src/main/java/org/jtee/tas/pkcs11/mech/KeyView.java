package org.jtee.tas.pkcs11.mech;

/**
 * What the mechanism layer sees of a key object: its class, its type, its attributes by ID
 * ({@link org.jtee.tas.pkcs11.Ck} {@code CKA_*}) as the raw bytes the TA stores (CK_ULONG as a
 * 4-byte little-endian word, CK_BBOOL as one byte), and a slot where the mechanism layer keeps
 * the key parsed for its backend, so that a second operation with the same key does not parse it
 * again. The object model clears the slot whenever an attribute changes.
 */
public interface KeyView {
    /** {@code CKO_*}. */
    int objectClass();

    /** {@code CKK_*}, or {@code Ck.UNAVAILABLE} for an object without a key type. */
    int keyType();

    /** The attribute's value (not a copy: do not modify), or null when the object has none. */
    byte[] attribute(int type);

    /** A boolean attribute; false when absent. */
    boolean flag(int type);

    /** True unless the key has {@code CKA_ALLOWED_MECHANISMS} and {@code mechanism} is not in it. */
    boolean allowsMechanism(int mechanism);

    /** What the mechanism layer cached for this key, or null. */
    Object material();

    /** Caches {@code material} for this key (replacing any earlier one). */
    void material(Object material);
}
