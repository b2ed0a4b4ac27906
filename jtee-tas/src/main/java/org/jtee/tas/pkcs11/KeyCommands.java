package org.jtee.tas.pkcs11;

import java.util.Arrays;
import java.util.Map;
import org.jtee.ta.MemoryReference;
import org.jtee.tas.pkcs11.mech.Mechanisms;

/**
 * The commands that make keys (optee-pkcs11-ta-abi.md §3.2.7, §8.2.7, §8.2.8): GENERATE_KEY,
 * GENERATE_KEY_PAIR, DERIVE_KEY, WRAP_KEY, UNWRAP_KEY, and jtee's ENCAPSULATE_KEY and
 * DECAPSULATE_KEY (ML-KEM, PKCS#11 3.2). Each checks in the reference TA's order, builds the new
 * object with {@link ObjectBuilder}, lets {@link Mechanisms} compute the key material, and
 * stores the object only once everything succeeded: a failure stores nothing.
 */
final class KeyCommands {
    private KeyCommands() {}

    static void generate(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        Session s = cx.session(a);
        Args.Mech mech = a.mech();
        Template raw = a.attrs();
        a.done();
        idle(s);
        Mechanisms.require(mech.id(), Ck.FUNCTION_GENERATE);
        int keyType = ObjectBuilder.keyTypeOf(mech.id());
        Template t = ObjectBuilder.withHints(AttributeRules.sanitize(raw, 0), Ck.CKO_SECRET_KEY, keyType);
        Map<Integer, byte[]> attrs = ObjectBuilder.build(t, ObjectSchema.GENERATE, mech.id(), null);
        int length = Template.u32(attrs.get(Ck.CKA_VALUE_LEN), 0);
        checkSecretSize(keyType, length);
        ObjectBuilder.checkRights(s, attrs, false);
        attrs.put(Ck.CKA_VALUE, Mechanisms.generateSecret(mech.id(), mech.paramBuffer(), keyType, length));
        finishSecret(attrs);
        Io.writeFixed(out, Io.u32s(ObjectBuilder.create(cx, s, attrs)));
    }

    /** KEY_SIZE_RANGE unless a secret of {@code length} bytes fits the key type (AES: 16, 24, 32; others 1..512). */
    static void checkSecretSize(int keyType, int length) throws CkException {
        boolean ok = keyType == Ck.CKK_AES ? length == 16 || length == 24 || length == 32 : length >= 1 && length <= 512;
        if (!ok) {
            throw new CkException(Ck.CKR_KEY_SIZE_RANGE, "a key of " + Integer.toUnsignedString(length) + " bytes");
        }
    }

    private static void finishSecret(Map<Integer, byte[]> attrs) throws CkException {
        ObjectBuilder.applyCheckValue(attrs);
        ObjectBuilder.checkIntegrity(attrs);
    }

    /** OPERATION_ACTIVE while the session runs an operation. */
    private static void idle(Session s) throws CkException {
        if (s.active != null) {
            throw new CkException(Ck.CKR_OPERATION_ACTIVE, "an operation is active");
        }
    }

    private static final int[] PUBLIC_MATERIAL = {Ck.CKA_EC_POINT, Ck.CKA_MODULUS, Ck.CKA_VALUE};
    private static final int[] PRIVATE_MATERIAL = {Ck.CKA_VALUE, Ck.CKA_EC_PARAMS, Ck.CKA_EC_POINT, Ck.CKA_MODULUS,
        Ck.CKA_PUBLIC_EXPONENT, Ck.CKA_PRIVATE_EXPONENT, Ck.CKA_PRIME_1, Ck.CKA_PRIME_2, Ck.CKA_EXPONENT_1,
        Ck.CKA_EXPONENT_2, Ck.CKA_COEFFICIENT, Ck.CKA_SEED};

    static void generatePair(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 8);
        Session s = cx.session(a);
        Args.Mech mech = a.mech();
        Template rawPublic = a.attrs();
        Template rawPrivate = a.attrs();
        a.done();
        idle(s);
        Mechanisms.require(mech.id(), Ck.FUNCTION_GENERATE_PAIR);
        int keyType = ObjectBuilder.keyTypeOf(mech.id());
        Template tPub = ObjectBuilder.withHints(AttributeRules.sanitize(rawPublic, 0), Ck.CKO_PUBLIC_KEY, keyType);
        Template tPriv = ObjectBuilder.withHints(AttributeRules.sanitize(rawPrivate, 0), Ck.CKO_PRIVATE_KEY, keyType);
        Map<Integer, byte[]> pub = ObjectBuilder.build(tPub, ObjectSchema.GENERATE, mech.id(), null);
        Map<Integer, byte[]> priv = ObjectBuilder.build(tPriv, ObjectSchema.GENERATE, mech.id(), null);
        noMaterial(pub, PUBLIC_MATERIAL);
        noMaterial(priv, PRIVATE_MATERIAL);
        pairIds(pub, priv);
        ObjectBuilder.checkRights(s, pub, false);
        ObjectBuilder.checkRights(s, priv, false);
        Mechanisms.KeyPairValues v = Mechanisms.generateKeyPair(mech.id(), mech.paramBuffer(), P11Object.view(pub),
                P11Object.view(priv));
        pub.putAll(v.publicAttributes());
        priv.putAll(v.privateAttributes());
        for (int shared : new int[] {Ck.CKA_EC_PARAMS, Ck.CKA_PARAMETER_SET}) {
            byte[] p = pub.get(shared);
            byte[] q = priv.get(shared);
            if (p != null && (q == null || q.length == 0) && (priv.containsKey(shared) || shared == Ck.CKA_PARAMETER_SET)) {
                priv.put(shared, p.clone());
            }
        }
        ObjectBuilder.checkIntegrity(pub);
        ObjectBuilder.checkIntegrity(priv);
        P11Object pubObject = cx.state.store(s, pub);
        int hPub = cx.client.handle(pubObject);
        int hPriv;
        try {
            hPriv = ObjectBuilder.create(cx, s, priv);
        } catch (CkException e) {
            cx.state.destroy(pubObject);
            throw e;
        }
        Io.writeFixed(out, Io.u32s(hPub, hPriv));
    }

    private static void noMaterial(Map<Integer, byte[]> attrs, int[] types) throws CkException {
        for (int type : types) {
            byte[] v = attrs.get(type);
            if (v != null && v.length != 0 && !(type == Ck.CKA_EC_PARAMS || type == Ck.CKA_PUBLIC_EXPONENT)) {
                throw AttributeRules.inconsistent("key material 0x" + Integer.toHexString(type) + " in a generation template");
            }
            if (v != null && v.length != 0 && type == Ck.CKA_EC_PARAMS && attrs.get(Ck.CKA_CLASS)[0] == Ck.CKO_PRIVATE_KEY) {
                throw AttributeRules.inconsistent("CKA_EC_PARAMS in the private template");
            }
        }
    }

    /** If exactly one of the two has a non-empty CKA_ID, the other gets it too. */
    private static void pairIds(Map<Integer, byte[]> pub, Map<Integer, byte[]> priv) {
        byte[] a = pub.get(Ck.CKA_ID);
        byte[] b = priv.get(Ck.CKA_ID);
        boolean hasA = a != null && a.length > 0;
        boolean hasB = b != null && b.length > 0;
        if (hasA && !hasB) {
            priv.put(Ck.CKA_ID, a.clone());
        } else if (hasB && !hasA) {
            pub.put(Ck.CKA_ID, b.clone());
        }
    }

    static void derive(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        KeyCall c = KeyCall.read(cx, a);
        Session s = c.session();
        Args.Mech mech = c.mech();
        P11Object parent = c.key(Ck.FUNCTION_DERIVE, Ck.CKA_DERIVE, Ck.CKR_KEY_TYPE_INCONSISTENT);
        Template t = ObjectBuilder.withParentTemplate(AttributeRules.sanitize(c.template(), 0), parent, Ck.CKA_DERIVE_TEMPLATE);
        Map<Integer, byte[]> attrs = newSecret(t, ObjectSchema.DERIVE, parent);
        ObjectBuilder.checkRights(s, attrs, false);
        int length = attrs.containsKey(Ck.CKA_VALUE_LEN) ? Template.u32(attrs.get(Ck.CKA_VALUE_LEN), 0) : -1;
        byte[] value = Mechanisms.derive(mech.id(), mech.paramBuffer(), parent, length);
        setSecretValue(attrs, value);
        finishSecret(attrs);
        Io.writeFixed(out, Io.u32s(ObjectBuilder.create(cx, s, attrs)));
    }

    /** The attributes of a new secret key the token computes (derived, unwrapped, encapsulated). */
    private static Map<Integer, byte[]> newSecret(Template t, int origin, P11Object parent) throws CkException {
        Map<Integer, byte[]> attrs = ObjectBuilder.build(t, origin, Ck.UNAVAILABLE, parent);
        if (Template.u32(attrs.get(Ck.CKA_CLASS), 0) != Ck.CKO_SECRET_KEY) {
            throw AttributeRules.inconsistent("the new key must be a secret key");
        }
        return attrs;
    }

    /**
     * The computed value as CKA_VALUE: cut to CKA_VALUE_LEN when the template gave one (a shorter
     * value is DATA_LEN_RANGE), CKA_VALUE_LEN set to its length, and the size checked.
     */
    private static void setSecretValue(Map<Integer, byte[]> attrs, byte[] value) throws CkException {
        byte[] len = attrs.get(Ck.CKA_VALUE_LEN);
        if (len != null) {
            long want = Integer.toUnsignedLong(Template.u32(len, 0));
            if (want > value.length) {
                Arrays.fill(value, (byte) 0);
                throw new CkException(Ck.CKR_DATA_LEN_RANGE, "VALUE_LEN " + want + " exceeds the " + value.length + " bytes made");
            }
            if (want < value.length) {
                byte[] cut = Arrays.copyOf(value, (int) want);
                Arrays.fill(value, (byte) 0);
                value = cut;
            }
        }
        checkSecretSize(Template.u32(attrs.get(Ck.CKA_KEY_TYPE), 0), value.length);
        attrs.put(Ck.CKA_VALUE, value);
        attrs.put(Ck.CKA_VALUE_LEN, Template.u32Bytes(value.length));
    }

    static void wrap(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.output(cx.params);
        Session s = cx.session(a);
        int wrappingHandle = a.u32();
        int keyHandle = a.u32();
        Args.Mech mech = a.mech();
        a.done();
        idle(s);
        P11Object wrapping = State.object(s, wrappingHandle, Ck.CKR_WRAPPING_KEY_HANDLE_INVALID);
        P11Object key = State.object(s, keyHandle, Ck.CKR_KEY_HANDLE_INVALID);
        if (wrapping == key) {
            throw new CkException(Ck.CKR_WRAPPING_KEY_HANDLE_INVALID, "a key cannot wrap itself");
        }
        usable(s, wrapping, mech, Ck.FUNCTION_WRAP, Ck.CKA_WRAP, Ck.CKR_WRAPPING_KEY_TYPE_INCONSISTENT);
        checkWrappable(s, wrapping, key);
        byte[] blob = Mechanisms.wrap(mech.id(), mech.paramBuffer(), wrapping, key);
        try {
            Io.writeVariable(out, blob);
        } finally {
            Arrays.fill(blob, (byte) 0);
        }
    }

    private static void checkWrappable(Session s, P11Object wrapping, P11Object key) throws CkException {
        int cls = key.objectClass();
        if (cls != Ck.CKO_SECRET_KEY && cls != Ck.CKO_PRIVATE_KEY) {
            throw new CkException(Ck.CKR_KEY_NOT_WRAPPABLE, "only secret and private keys are wrapped");
        }
        if (!key.flag(Ck.CKA_EXTRACTABLE)) {
            throw new CkException(Ck.CKR_KEY_UNEXTRACTABLE, "CKA_EXTRACTABLE is false");
        }
        if (key.flag(Ck.CKA_WRAP_WITH_TRUSTED) && !wrapping.flag(Ck.CKA_TRUSTED)) {
            throw new CkException(Ck.CKR_KEY_NOT_WRAPPABLE, "the key needs a trusted wrapping key");
        }
        if (!State.accessible(s, key)) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private key");
        }
        byte[] required = wrapping.attribute(Ck.CKA_WRAP_TEMPLATE);
        if (required != null && required.length > 0 && !FindCommands.matches(key, Template.parse(required))) {
            throw new CkException(Ck.CKR_KEY_HANDLE_INVALID, "the key does not match the wrapping key's template");
        }
    }

    static void unwrap(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.IN, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        KeyCall c = KeyCall.read(cx, a);
        Session s = c.session();
        Args.Mech mech = c.mech();
        P11Object unwrapping = c.key(Ck.FUNCTION_UNWRAP, Ck.CKA_UNWRAP, Ck.CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT);
        Template t = ObjectBuilder.withParentTemplate(AttributeRules.sanitize(c.template(), 0), unwrapping, Ck.CKA_UNWRAP_TEMPLATE);
        Map<Integer, byte[]> attrs = ObjectBuilder.build(t, ObjectSchema.UNWRAP, Ck.UNAVAILABLE, unwrapping);
        int cls = Template.u32(attrs.get(Ck.CKA_CLASS), 0);
        if (cls != Ck.CKO_SECRET_KEY && cls != Ck.CKO_PRIVATE_KEY) {
            throw AttributeRules.inconsistent("only secret and private keys are unwrapped");
        }
        ObjectBuilder.checkRights(s, attrs, false);
        byte[] wrapped = Io.inputCopy(cx.params, 1);
        Map<Integer, byte[]> material = Mechanisms.unwrap(mech.id(), mech.paramBuffer(), unwrapping, wrapped, cls,
                Template.u32(attrs.get(Ck.CKA_KEY_TYPE), 0));
        if (cls == Ck.CKO_SECRET_KEY) {
            setSecretValue(attrs, material.get(Ck.CKA_VALUE));
        } else {
            attrs.putAll(material);
        }
        finishSecret(attrs);
        Io.writeFixed(out, Io.u32s(ObjectBuilder.create(cx, s, attrs)));
    }

    /** ENCAPSULATE_KEY: p1 OUT exactly 4 (the new key's handle), p2 OUT the ciphertext. */
    static void encapsulate(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.OUT, Io.OUT);
        MemoryReference handleOut = Io.memref(cx.params, 1);
        if (handleOut.capacity() != 4) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "the handle output must be 4 bytes");
        }
        MemoryReference out = Io.output(cx.params);
        KeyCall c = KeyCall.read(cx, a);
        Session s = c.session();
        Args.Mech mech = c.mech();
        P11Object key = c.key(Ck.FUNCTION_ENCAPSULATE, 0, Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        Map<Integer, byte[]> attrs = newSecret(AttributeRules.sanitize(c.template(), 0), ObjectSchema.DERIVE, key);
        ObjectBuilder.checkRights(s, attrs, false);
        Mechanisms.Encapsulated e = Mechanisms.encapsulate(mech.id(), mech.paramBuffer(), key);
        out.setSize(e.ciphertext().length);
        if (e.ciphertext().length > out.capacity()) {
            Arrays.fill(e.sharedSecret(), (byte) 0);
            throw CkException.shortBuffer(e.ciphertext().length);
        }
        setSecretValue(attrs, e.sharedSecret());
        finishSecret(attrs);
        int handle = ObjectBuilder.create(cx, s, attrs);
        Io.writeFixed(out, e.ciphertext());
        Io.writeFixed(handleOut, Io.u32s(handle));
    }

    /** DECAPSULATE_KEY: p1 IN the ciphertext, p2 OUT exactly 4 (the new key's handle). */
    static void decapsulate(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.IN, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        KeyCall c = KeyCall.read(cx, a);
        Session s = c.session();
        Args.Mech mech = c.mech();
        P11Object key = c.key(Ck.FUNCTION_DECAPSULATE, 0, Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        Map<Integer, byte[]> attrs = newSecret(AttributeRules.sanitize(c.template(), 0), ObjectSchema.DERIVE, key);
        ObjectBuilder.checkRights(s, attrs, false);
        byte[] secret = Mechanisms.decapsulate(mech.id(), mech.paramBuffer(), key, Io.inputCopy(cx.params, 1));
        setSecretValue(attrs, secret);
        finishSecret(attrs);
        Io.writeFixed(out, Io.u32s(ObjectBuilder.create(cx, s, attrs)));
    }

    /**
     * The control buffer of DERIVE_KEY, UNWRAP_KEY, ENCAPSULATE_KEY and DECAPSULATE_KEY: u32
     * session, u32 key, MECH, ATTRS, read whole, with the session checked for an active operation.
     */
    private record KeyCall(Session session, int keyHandle, Args.Mech mech, Template template) {
        static KeyCall read(Commands cx, Args a) throws CkException {
            Session s = cx.session(a);
            int keyHandle = a.u32();
            Args.Mech mech = a.mech();
            Template raw = a.attrs();
            a.done();
            idle(s);
            return new KeyCall(s, keyHandle, mech, raw);
        }

        /**
         * The key the command works with: a handle of this session
         * ({@code CKR_KEY_HANDLE_INVALID}), then {@link #usable}.
         */
        P11Object key(int function, int usage, int refused) throws CkException {
            P11Object key = State.object(session, keyHandle, Ck.CKR_KEY_HANDLE_INVALID);
            usable(session, key, mech, function, usage, refused);
            return key;
        }
    }

    /**
     * Whether {@code key} may serve the command, checked in the reference's order: the mechanism
     * enabled for {@code function} (a {@code Ck.FUNCTION_*}; {@code CKR_MECHANISM_INVALID}), the
     * key's {@code usage} flag (none when 0) and {@code CKA_ALLOWED_MECHANISMS} ({@code refused}),
     * then the login for a private key. The mechanism layer checks the key's class and type later.
     */
    private static void usable(Session s, P11Object key, Args.Mech mech, int function, int usage, int refused)
            throws CkException {
        Mechanisms.require(mech.id(), function);
        if ((usage != 0 && !key.flag(usage)) || !key.allowsMechanism(mech.id())) {
            throw new CkException(refused, "the key may not do that with mechanism 0x" + Integer.toHexString(mech.id()));
        }
        if (!State.accessible(s, key)) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private key");
        }
    }
}
