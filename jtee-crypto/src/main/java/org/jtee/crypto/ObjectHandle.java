package org.jtee.crypto;

/**
 * A GP {@code TEE_ObjectHandle}: a {@link TransientObject} or a {@link PersistentObject}. The
 * crypto API takes either where GP takes an object handle — {@link Operation#setKey(ObjectHandle)},
 * {@link Operation#setKey2(ObjectHandle, ObjectHandle)},
 * {@link TransientObject#copyAttributesFrom(ObjectHandle)} — so a key kept in trusted storage is
 * used exactly like a transient one (GP TEE Internal Core API 1.3.1 §5.5).
 */
public sealed interface ObjectHandle extends AutoCloseable permits TransientObject, PersistentObject {
    /** {@code TEE_GetObjectInfo1}. */
    ObjectInfo info();

    /** {@code TEE_CloseObject}: frees the handle and wipes what it holds; a second close does nothing. */
    @Override
    void close();
}
