package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jtee.common.TeeException;

/**
 * A GP transient object ({@code TEE_ObjectHandle} of {@code TEE_AllocateTransientObject}): a key
 * or key pair of one {@link TeeType}, held in this process only. Secret parts of an object whose
 * usage lacks {@link TeeCrypto#USAGE_EXTRACTABLE} cannot be read back.
 *
 * <p>Not thread-safe, as GP handles are not.
 */
public final class TransientObject implements AutoCloseable {
    private final int type;
    private final int maxObjectSize;
    private final Map<Integer, Attribute> attributes = new LinkedHashMap<>();
    private int objectSize;
    private int usage = TeeCrypto.USAGE_ALL;
    private int handleFlags;
    private boolean freed;

    TransientObject(int type, int maxObjectSize) {
        this.type = type;
        this.maxObjectSize = maxObjectSize;
    }

    /**
     * {@code TEE_AllocateTransientObject}.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} for an unknown type or a size the type
     *     does not allow
     */
    public static TransientObject allocate(int objectType, int maxObjectSize) throws TeeException {
        return new TransientObject(objectType, maxObjectSize);
    }

    /** {@code TEE_PopulateTransientObject}. */
    public void populate(Attribute... attrs) throws TeeException {
        for (Attribute a : attrs) {
            attributes.put(a.id(), a.buffer() == null ? a : Attribute.ref(a.id(), a.buffer().clone()));
        }
        handleFlags |= TeeCrypto.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_GenerateKey}. */
    public void generateKey(int keySize, Attribute... params) throws TeeException {
        throw new UnsupportedOperationException("generateKey");
    }

    /** {@code TEE_CopyObjectAttributes1}: copies {@code source}'s attributes into this object. */
    public void copyAttributesFrom(TransientObject source) throws TeeException {
        throw new UnsupportedOperationException("copyAttributesFrom");
    }

    /** {@code TEE_ResetTransientObject}. */
    public void reset() {
        attributes.clear();
        objectSize = 0;
        usage = TeeCrypto.USAGE_ALL;
        handleFlags &= ~TeeCrypto.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_RestrictObjectUsage1}. */
    public void restrictUsage(int objectUsage) {
        usage &= objectUsage;
    }

    /**
     * {@code TEE_GetObjectBufferAttribute}: writes the attribute at {@code out}'s position.
     *
     * @return the attribute's length
     */
    public int getBufferAttribute(int attributeId, ByteBuffer out) throws TeeException {
        throw new UnsupportedOperationException("getBufferAttribute");
    }

    /** {@code TEE_GetObjectBufferAttribute} into a new array. */
    public byte[] bufferAttribute(int attributeId) throws TeeException {
        throw new UnsupportedOperationException("bufferAttribute");
    }

    /** {@code TEE_GetObjectValueAttribute}: the attribute's {@code a} and {@code b}. */
    public Attribute valueAttribute(int attributeId) throws TeeException {
        throw new UnsupportedOperationException("valueAttribute");
    }

    /** {@code TEE_GetObjectInfo1}. */
    public ObjectInfo info() {
        return new ObjectInfo(type, objectSize, maxObjectSize, usage, 0, 0, handleFlags);
    }

    /** {@code TEE_FreeTransientObject}: wipes the key material. */
    @Override
    public void close() {
        reset();
        freed = true;
    }

    // --- for the engines of this package: the key material, never copied out of this package ---

    /** The object type ({@link TeeType}). */
    int type() {
        return type;
    }

    /** The key size in bits ({@code objectSize}). */
    int keySize() {
        return objectSize;
    }

    /** The object's usage bits. */
    int usage() {
        return usage;
    }

    /** Whether the object holds a key ({@code TEE_HANDLE_FLAG_INITIALIZED}). */
    boolean isInitialized() {
        return (handleFlags & TeeCrypto.HANDLE_FLAG_INITIALIZED) != 0;
    }

    /** The buffer attribute {@code id} itself (not a copy), or {@code null} if absent. */
    byte[] buffer(int id) {
        Attribute a = attributes.get(id);
        return a == null ? null : a.buffer();
    }

    /** The value attribute {@code id}, or {@code null} if absent. */
    Attribute value(int id) {
        Attribute a = attributes.get(id);
        return a != null && a.isValue() ? a : null;
    }

    /**
     * Replaces the object's content with {@code attrs} and marks it initialized with
     * {@code objectSize} bits: how key generation and {@code TEE_DeriveKey} fill an object. The
     * attributes are kept as given (not copied).
     */
    void install(Map<Integer, Attribute> attrs, int objectSize) {
        attributes.clear();
        attributes.putAll(attrs);
        this.objectSize = objectSize;
        handleFlags |= TeeCrypto.HANDLE_FLAG_INITIALIZED;
    }

    /**
     * A deep copy (type, sizes, usage, flags, attributes): the operation's own copy of a key,
     * which {@code TEE_SetOperationKey} takes, as OP-TEE does.
     */
    TransientObject snapshot() {
        TransientObject copy = new TransientObject(type, maxObjectSize);
        attributes.forEach((id, a) -> copy.attributes.put(id, a.buffer() == null ? a : Attribute.ref(id, a.buffer().clone())));
        copy.objectSize = objectSize;
        copy.usage = usage;
        copy.handleFlags = handleFlags;
        return copy;
    }

    /** Whether the attribute is present. */
    boolean has(int id) {
        return attributes.containsKey(id);
    }
}
