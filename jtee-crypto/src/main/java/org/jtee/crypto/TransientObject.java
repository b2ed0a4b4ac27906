package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectAttributes.Converted;
import org.jtee.crypto.ObjectAttributes.Usage;
import org.jtee.crypto.ObjectTypes.AttrSpec;
import org.jtee.crypto.ObjectTypes.Kind;
import org.jtee.crypto.ObjectTypes.TypeProps;
import org.jtee.ta.TaPanic;
import org.jtee.ta.Tee;

/**
 * A GP transient object ({@code TEE_ObjectHandle} of {@code TEE_AllocateTransientObject}, GP TEE
 * Internal Core API 1.3.1 §5.5–5.6): a key or key pair of one {@link TeeType}, held in this
 * process only. Secret parts (attributes without {@link TeeAttr#FLAG_PUBLIC}) of an object whose
 * usage lacks {@link TeeCrypto#USAGE_EXTRACTABLE} cannot be read back.
 *
 * <p>Semantics are OP-TEE's: the core's checks ({@code core/tee/tee_svc_cryp.c}, table in
 * {@link ObjectTypes}) give a result, and libutee ({@code lib/libutee/tee_api_objects.c}) passes
 * on only the results GP lets each function return and panics ({@link TaPanic} with the result as
 * its code) on the rest. Which is which is listed on each method.
 *
 * <p>Lifecycle: allocated (uninitialized) → {@link #populate}, {@link #generateKey} or
 * {@link #copyAttributesFrom} → initialized → {@link #reset} → uninitialized again. After
 * {@link #close} every method panics. The object keeps its own copies of attribute buffers and
 * overwrites them with zeros on reset and close. Not thread-safe, as GP handles are not.
 */
public final class TransientObject implements ObjectHandle {
    private final int type;
    private final int maxObjectSize;
    private final TypeProps props;
    private final Map<Integer, Attribute> attributes = new LinkedHashMap<>();
    private int objectSize;
    private int usage = TeeCrypto.USAGE_ALL;
    private int handleFlags;
    private boolean freed;
    /** The private key in OpenSSL, shared with this object's snapshots; null until asked for. */
    private NativeKeySlot nativeKey;

    TransientObject(int type, int maxObjectSize) {
        this.type = type;
        this.maxObjectSize = maxObjectSize;
        this.props = ObjectTypes.find(type);
    }

    /**
     * {@code TEE_AllocateTransientObject}: an uninitialized object with every usage allowed.
     * {@code maxObjectSize} is read as unsigned, as GP's {@code uint32_t}.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} for a type not in {@link ObjectTypes}
     *     or a size the type does not allow ({@code check_key_size})
     * @throws TaPanic {@code TEE_ERROR_NOT_IMPLEMENTED} for {@code TEE_TYPE_X448_KEYPAIR} of 448
     *     bits, as OP-TEE built without X448 ({@code crypto_acipher_alloc_x448_keypair})
     */
    public static TransientObject allocate(int objectType, int maxObjectSize) throws TeeException {
        TypeProps props = ObjectTypes.find(objectType);
        if (props == null) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("object type 0x%08X", objectType));
        }
        ObjectTypes.checkKeySize(props, Integer.toUnsignedLong(maxObjectSize));
        if (!props.available()) {
            throw panic(TeeResult.NOT_IMPLEMENTED, "TEE_AllocateTransientObject",
                    String.format("type 0x%08X is not built in", objectType));
        }
        return new TransientObject(objectType, maxObjectSize);
    }

    /**
     * {@code TEE_PopulateTransientObject}: copies {@code attrs} into the object, which becomes
     * initialized with the size its size-indicating attribute gives: a buffer's length × 8 (RSA
     * modulus, DSA/DH prime, secret value), the curve's size, or the ML parameter set. Types without
     * one (SM2, X25519, Ed25519) get size 0, as in OP-TEE. A DES or DES3 object allocated with a
     * GP 1.0 size (56, 112, 168) drops the parity bits twice, as OP-TEE does: 8 bytes give 49.
     * Big numbers are kept without leading zero bytes; of a value attribute only {@code a} is kept.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} for a size the type does not allow
     *     (AES key of 10 bytes, HMAC-SHA256 key under 24 bytes, RSA modulus under 32 bytes) or,
     *     for ML types, an encoding of the wrong length for the parameter set
     * @throws TaPanic 0 if the object is initialized; {@code TEE_ERROR_ITEM_NOT_FOUND} for an
     *     attribute the type does not have or populate does not take, a repeated one, a missing
     *     required one, an incomplete optional group; {@code TEE_ERROR_SECURITY} for a secret larger
     *     than the type holds (xtest 4010) or an X25519/Ed25519 value not of 32 bytes;
     *     {@code TEE_ERROR_BAD_STATE} for a size, or a DSA value, above {@code maxObjectSize};
     *     {@code TEE_ERROR_NOT_SUPPORTED} for an unknown curve or parameter set
     */
    public void populate(Attribute... attrs) throws TeeException {
        String function = "TEE_PopulateTransientObject";
        checkUsable(function, attrs);
        if (isInitialized()) {
            throw panic(0, function, "the object is already initialized");
        }
        try {
            ObjectAttributes.check(Usage.POPULATE, props, attrs);
            Converted c = ObjectAttributes.convert(props, maxSize(), attrs);
            try {
                ObjectAttributes.checkEncodings(c.attrs());
            } catch (TeeException e) {
                ObjectAttributes.wipe(c.attrs().values());
                throw e;
            }
            long size = c.objectSize();
            if (ObjectTypes.isLegacyDesSize(type, maxSize())) {
                size -= size / 8;
            }
            install(c.attrs(), (int) size);
        } catch (TeeException e) {
            throw passOrPanic(function, e, TeeResult.BAD_PARAMETERS);
        }
    }

    /**
     * {@code TEE_GenerateKey}. Secret types: {@code keySize / 8} random bytes from the DRBG
     * ({@link Tee#generateRandom}); a GP 1.0 DES size (56, 112, 168) gets its parity bytes too.
     * As in OP-TEE, DES parity bits are left random, and {@code keySize} is checked against the
     * type, not against {@code maxObjectSize}. Key pairs: {@link KeyGenerators} makes the key from
     * {@code params} (RSA exponent, DSA and DH domain, ECC curve), which are kept as well. The
     * object's size is {@code keySize}.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} for an RSA exponent that is even,
     *     below 65537 or of 2^256 or more, a domain prime whose size the type does not allow, or
     *     what {@link KeyGenerators} refuses with it (key size not matching the curve or prime)
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if the object is initialized, or a parameter is
     *     longer than {@code maxObjectSize}; {@code TEE_ERROR_NOT_SUPPORTED} for a size the type
     *     does not allow or an unknown curve; {@code TEE_ERROR_ITEM_NOT_FOUND} for a parameter the
     *     type does not take or a missing required one (DSA and DH domain, ECC curve);
     *     {@code TEE_ERROR_EXCESS_DATA} for more bytes than the type holds (HMAC-SM3 over 512
     *     bits); {@code TEE_ERROR_BAD_FORMAT} for a type without key generation (public keys,
     *     HKDF IKM, Concat KDF Z, PBKDF2 password); any other result of {@link KeyGenerators}
     */
    public void generateKey(int keySize, Attribute... params) throws TeeException {
        String function = "TEE_GenerateKey";
        checkUsable(function, params);
        try {
            generate(Integer.toUnsignedLong(keySize), params);
        } catch (TeeException e) {
            throw passOrPanic(function, e, TeeResult.BAD_PARAMETERS);
        }
    }

    private void generate(long keySize, Attribute[] params) throws TeeException {
        if (isInitialized()) {
            throw new TeeException(TeeResult.BAD_STATE, "the object is already initialized");
        }
        ObjectTypes.checkKeySize(props, keySize);
        ObjectAttributes.check(Usage.GENERATE_KEY, props, params);
        if (props.attrs().getFirst().id() == TeeAttr.SECRET_VALUE) {
            generateSecret(keySize);
        } else if (props.generatesKeypair()) {
            generateKeypair((int) keySize, params);
        } else {
            throw new TeeException(TeeResult.BAD_FORMAT, String.format("type 0x%08X has no key generation", type));
        }
    }

    private void generateSecret(long keySize) throws TeeException {
        long bytes = ObjectTypes.isLegacyDesSize(type, keySize) ? (keySize + keySize / 7) / 8 : keySize / 8;
        if (bytes > props.secretBytes()) {
            throw new TeeException(TeeResult.EXCESS_DATA,
                    String.format("%d bytes exceed the %d the type holds", bytes, props.secretBytes()));
        }
        byte[] key = new byte[(int) bytes];
        Tee.generateRandom(key);
        install(Map.of(TeeAttr.SECRET_VALUE, Attribute.ref(TeeAttr.SECRET_VALUE, key)), (int) keySize);
    }

    private void generateKeypair(int keySize, Attribute[] params) throws TeeException {
        Converted given = ObjectAttributes.convert(props, maxSize(), params);
        Map<Integer, Attribute> key = new LinkedHashMap<>(given.attrs());
        try {
            Attribute e = key.get(TeeAttr.RSA_PUBLIC_EXPONENT);
            if (e != null) {
                ObjectAttributes.checkRsaExponent(e.buffer());
            }
            Map<Integer, Attribute> generated = KeyGenerators.generate(type, keySize, List.of(params));
            for (Attribute a : generated.values()) {
                keep(key, a);
            }
            if (type == TeeType.DH_KEYPAIR) {
                key.putIfAbsent(TeeAttr.DH_X_BITS, Attribute.value(TeeAttr.DH_X_BITS, 0, 0));
            }
            if (props.spec(TeeAttr.ML_PARAMETER_SET) != null) {
                key.putIfAbsent(TeeAttr.ML_PARAMETER_SET, Attribute.value(TeeAttr.ML_PARAMETER_SET, keySize, 0));
            }
        } catch (TeeException | RuntimeException e) {
            ObjectAttributes.wipe(key.values());
            throw e;
        }
        install(key, keySize);
    }

    /** Puts a generated attribute into {@code key} if the type has it, else wipes it. */
    private void keep(Map<Integer, Attribute> key, Attribute a) {
        if (props.spec(a.id()) == null) {
            ObjectAttributes.wipe(List.of(a));
            return;
        }
        Attribute replaced = key.put(a.id(), a);
        if (replaced != null && replaced.buffer() != a.buffer()) {
            ObjectAttributes.wipe(List.of(replaced));
        }
    }

    /**
     * {@code TEE_CopyObjectAttributes1}: this uninitialized object takes {@code source}'s
     * attributes and size, from an object of the same type or, for a public-key type, from the
     * matching key pair (public parts only). The usage becomes this object's usage AND
     * {@code source}'s, as GP 1.3.1 says; OP-TEE's core instead overwrites it with the source's
     * ({@code syscall_cryp_obj_copy}), which only differs if this object's usage was restricted
     * before. As in OP-TEE, {@code source}'s size is not checked against {@code maxObjectSize}.
     *
     * @throws TaPanic 0 if {@code source} is not initialized or this object is;
     *     {@code TEE_ERROR_BAD_PARAMETERS} for types that do not match; {@code TEE_ERROR_BAD_STATE}
     *     if either object is freed
     */
    public void copyAttributesFrom(TransientObject source) throws TeeException {
        String function = "TEE_CopyObjectAttributes1";
        checkUsable(function);
        if (source == null) {
            throw panic(TeeResult.BAD_STATE, function, "no source object");
        }
        source.checkUsable(function);
        if (!source.isInitialized()) {
            throw panic(0, function, "the source object is not initialized");
        }
        if (isInitialized()) {
            throw panic(0, function, "the destination object is already initialized");
        }
        try {
            copyFrom(source);
        } catch (TeeException e) {
            throw passOrPanic(function, e);
        }
    }

    /**
     * {@code TEE_CopyObjectAttributes1} from any object handle: a {@link PersistentObject} gives
     * the attributes, size and usage it was stored with (a pure data object has none, and its type
     * {@code TEE_TYPE_DATA} matches no key type). Otherwise as {@link #copyAttributesFrom(TransientObject)}.
     *
     * @throws TaPanic as {@link #copyAttributesFrom(TransientObject)}; {@code TEE_ERROR_BAD_STATE}
     *     if {@code source} is a closed persistent object
     */
    public void copyAttributesFrom(ObjectHandle source) throws TeeException {
        copyAttributesFrom(PersistentObject.keyOf(source, "TEE_CopyObjectAttributes1"));
    }

    private void copyFrom(TransientObject source) throws TeeException {
        Map<Integer, Attribute> copy = new LinkedHashMap<>();
        if (source.type == type) {
            source.attributes.values().forEach(a -> copy.put(a.id(), ObjectAttributes.copyOf(a)));
        } else if (ObjectTypes.keypairOf(type) == source.type) {
            for (AttrSpec spec : props.attrs()) {
                Attribute a = source.attributes.get(spec.id());
                if (a != null) {
                    copy.put(a.id(), ObjectAttributes.copyOf(a));
                }
            }
        } else {
            throw new TeeException(TeeResult.BAD_PARAMETERS,
                    String.format("cannot copy type 0x%08X into type 0x%08X", source.type, type));
        }
        install(copy, source.objectSize);
        usage &= source.usage;
    }

    /**
     * {@code TEE_ResetTransientObject}: wipes the attributes; the object is uninitialized again,
     * with size 0 and every usage allowed.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if the object is freed
     */
    public void reset() {
        checkUsable("TEE_ResetTransientObject");
        clear();
        objectSize = 0;
        usage = TeeCrypto.USAGE_ALL;
        handleFlags &= ~TeeCrypto.HANDLE_FLAG_INITIALIZED;
    }

    /**
     * {@code TEE_RestrictObjectUsage1}: usage &= {@code objectUsage}.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if the object is freed
     */
    public void restrictUsage(int objectUsage) {
        checkUsable("TEE_RestrictObjectUsage1");
        usage &= objectUsage;
    }

    /**
     * {@code TEE_GetObjectBufferAttribute}: writes the attribute at {@code out}'s position and
     * advances it. A big number is written without leading zero bytes (zero as nothing, which
     * succeeds whatever the room); {@code out} may be {@code null} to ask for the length.
     *
     * @return the attribute's length in bytes
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} if the type has no such attribute or
     *     the object does not hold it
     * @throws ShortBufferException if {@code out} has less room than the attribute's length,
     *     which {@link ShortBufferException#required()} gives
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} for a value attribute's identifier, an
     *     uninitialized object, or a secret attribute of an object without
     *     {@link TeeCrypto#USAGE_EXTRACTABLE}; {@code TEE_ERROR_BAD_STATE} if the object is freed
     */
    public int getBufferAttribute(int attributeId, ByteBuffer out) throws TeeException {
        byte[] content = readBuffer("TEE_GetObjectBufferAttribute", attributeId);
        try {
            boolean bignum = props.spec(attributeId).kind() == Kind.BIGNUM;
            if (content.length == 0 && bignum) {
                return 0;
            }
            if (out == null || out.remaining() < content.length) {
                throw new ShortBufferException(content.length,
                        String.format("attribute 0x%08X needs %d bytes", attributeId, content.length));
            }
            out.put(content);
            return content.length;
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * {@code TEE_GetObjectBufferAttribute} into a new array, which the caller owns.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} as {@link #getBufferAttribute}
     * @throws TaPanic as {@link #getBufferAttribute}
     */
    public byte[] bufferAttribute(int attributeId) throws TeeException {
        return readBuffer("TEE_GetObjectBufferAttribute", attributeId);
    }

    /**
     * {@code TEE_GetObjectValueAttribute}: the attribute's {@code a}, and {@code b} as 0 (OP-TEE
     * keeps only {@code a}: {@code op_attr_value_from_user}).
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} if the type has no such attribute or
     *     the object does not hold it
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} for a buffer attribute's identifier, an
     *     uninitialized object, or a secret value of a non-extractable object;
     *     {@code TEE_ERROR_BAD_STATE} if the object is freed
     */
    public Attribute valueAttribute(int attributeId) throws TeeException {
        String function = "TEE_GetObjectValueAttribute";
        checkUsable(function);
        if (!TeeAttr.isValue(attributeId)) {
            throw panic(TeeResult.BAD_PARAMETERS, function, String.format("0x%08X is a buffer attribute", attributeId));
        }
        return Attribute.value(attributeId, readable(function, attributeId).a(), 0);
    }

    /** The content {@code TEE_GetObjectBufferAttribute} returns: a new array. */
    private byte[] readBuffer(String function, int attributeId) throws TeeException {
        checkUsable(function);
        if (TeeAttr.isValue(attributeId)) {
            throw panic(TeeResult.BAD_PARAMETERS, function, String.format("0x%08X is a value attribute", attributeId));
        }
        Attribute a = readable(function, attributeId);
        boolean bignum = props.spec(attributeId).kind() == Kind.BIGNUM;
        return bignum ? ObjectAttributes.minimal(a.buffer()) : a.buffer().clone();
    }

    /** {@code syscall_cryp_obj_get_attr}'s checks, in its order. */
    private Attribute readable(String function, int attributeId) throws TeeException {
        if (!isInitialized()) {
            throw panic(TeeResult.BAD_PARAMETERS, function, "the object is not initialized");
        }
        if (!TeeAttr.isPublic(attributeId) && (usage & TeeCrypto.USAGE_EXTRACTABLE) == 0) {
            throw panic(TeeResult.BAD_PARAMETERS, function,
                    String.format("attribute 0x%08X is secret and the object is not extractable", attributeId));
        }
        Attribute a = attributes.get(attributeId);
        if (a == null || props.spec(attributeId) == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, String.format("attribute 0x%08X", attributeId));
        }
        return a;
    }

    /**
     * {@code TEE_GetObjectInfo1}.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if the object is freed
     */
    public ObjectInfo info() {
        checkUsable("TEE_GetObjectInfo1");
        return new ObjectInfo(type, objectSize, maxObjectSize, usage, 0, 0, handleFlags);
    }

    /**
     * {@code TEE_FreeTransientObject}: wipes the key material; every later call panics. A second
     * close does nothing (Java's {@link AutoCloseable} convention, where GP would panic).
     */
    @Override
    public void close() {
        if (!freed) {
            clear();
            handleFlags = 0;
            objectSize = 0;
            freed = true;
        }
    }

    /** Names the type and sizes, never the content. */
    @Override
    public String toString() {
        return String.format("TransientObject[type 0x%08X, %d of %d bits, %s]", type, objectSize, maxObjectSize,
                freed ? "freed" : isInitialized() ? "initialized" : "uninitialized");
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

    /**
     * The buffer attribute {@code id} itself (not a copy), or {@code null} if absent. A big number
     * from populate has no leading zero bytes (and is empty for zero), as OP-TEE keeps it.
     */
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
     * attributes are kept as given (not copied); the object wipes them on reset and close.
     */
    void install(Map<Integer, Attribute> attrs, int objectSize) {
        Map<Integer, Attribute> kept = new LinkedHashMap<>(attrs);
        attributes.values().removeIf(old -> kept.values().stream().anyMatch(a -> a.buffer() == old.buffer()));
        clear();
        attributes.putAll(kept);
        this.objectSize = objectSize;
        handleFlags |= TeeCrypto.HANDLE_FLAG_INITIALIZED;
    }

    /**
     * A deep copy (type, sizes, usage, flags, attributes): the operation's own copy of a key,
     * which {@code TEE_SetOperationKey} takes, as OP-TEE does.
     */
    TransientObject snapshot() {
        TransientObject copy = new TransientObject(type, maxObjectSize);
        attributes.forEach((id, a) -> copy.attributes.put(id, ObjectAttributes.copyOf(a)));
        copy.objectSize = objectSize;
        copy.usage = usage;
        copy.handleFlags = handleFlags;
        if (type == TeeType.RSA_KEYPAIR || type == TeeType.ECDSA_KEYPAIR) {
            copy.nativeKey = nativeKeySlot().share();
        }
        return copy;
    }

    /**
     * Where this object's private key is kept in OpenSSL ({@link NativeCrypto}), shared with its
     * snapshots: the same content, so the same native key. Made on first request.
     */
    synchronized NativeKeySlot nativeKeySlot() {
        if (nativeKey == null) {
            nativeKey = new NativeKeySlot();
        }
        return nativeKey;
    }

    /** The attributes themselves (not copies), in the order they were installed. */
    java.util.Collection<Attribute> attributeList() {
        return attributes.values();
    }

    /**
     * An initialized object of {@code type} with {@code attrs} (kept as given, wiped on close),
     * {@code objectSize} bits and {@code usage}: a stored key, as a persistent object reads it
     * back. {@code TEE_TYPE_DATA}, which has no attributes, is allowed here only.
     */
    static TransientObject restored(int type, int maxObjectSize, int objectSize, int usage, Map<Integer, Attribute> attrs) {
        TransientObject o = new TransientObject(type, maxObjectSize);
        o.install(attrs, objectSize);
        o.usage = usage;
        return o;
    }

    /** Whether the attribute is present. */
    boolean has(int id) {
        return attributes.containsKey(id);
    }

    // --- internals ---

    private long maxSize() {
        return Integer.toUnsignedLong(maxObjectSize);
    }

    /** Wipes and forgets every attribute. */
    private void clear() {
        ObjectAttributes.wipe(attributes.values());
        attributes.clear();
        releaseNativeKey();
    }

    private synchronized void releaseNativeKey() {
        if (nativeKey != null) {
            nativeKey.release();
            nativeKey = null;
        }
    }

    /** Panics as OP-TEE does for a freed handle ({@code tee_obj_get}) or a null attribute. */
    private void checkUsable(String function, Attribute... attrs) {
        if (freed) {
            throw panic(TeeResult.BAD_STATE, function, "the object is freed");
        }
        if (attrs == null || Arrays.asList(attrs).contains(null)) {
            throw panic(0, function, "a null attribute");
        }
    }

    /** libutee's filter: {@code e} if its result is one {@code allowed}, else a panic. */
    private static TeeException passOrPanic(String function, TeeException e, int... allowed) {
        for (int result : allowed) {
            if (e.result() == result) {
                return e;
            }
        }
        throw panic(e.result(), function, e.getMessage());
    }

    private static TaPanic panic(int code, String function, String message) {
        return new TaPanic(code, function + ": " + message);
    }
}
