package org.jtee.tas.pkcs11;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jtee.tas.pkcs11.mech.Mechanisms;

/**
 * The steps every new object goes through, whatever command makes it (optee-pkcs11-ta-abi.md
 * §7.1–§7.3, §6.6): class and type hints from a generating mechanism, the parent's
 * DERIVE/UNWRAP_TEMPLATE merged in, the schema, the secret-key value rules, the computed
 * attributes (LOCAL, KEY_GEN_MECHANISM, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE), CKA_CHECK_VALUE,
 * the integrity rules, and the session's right to create it.
 */
final class ObjectBuilder {
    private ObjectBuilder() {}

    private static final byte[] FALSE = {0};
    private static final byte[] TRUE = {1};

    /** The key type a generating mechanism makes, or {@code Ck.UNAVAILABLE}. */
    static int keyTypeOf(int mechanism) {
        return switch (mechanism) {
            case Ck.CKM_AES_KEY_GEN -> Ck.CKK_AES;
            case Ck.CKM_GENERIC_SECRET_KEY_GEN -> Ck.CKK_GENERIC_SECRET;
            case Ck.CKM_EC_KEY_PAIR_GEN -> Ck.CKK_EC;
            case Ck.CKM_EC_EDWARDS_KEY_PAIR_GEN -> Ck.CKK_EC_EDWARDS;
            case Ck.CKM_RSA_PKCS_KEY_PAIR_GEN -> Ck.CKK_RSA;
            case Ck.CKM_ML_DSA_KEY_PAIR_GEN -> Ck.CKK_ML_DSA;
            case Ck.CKM_ML_KEM_KEY_PAIR_GEN -> Ck.CKK_ML_KEM;
            default -> Ck.UNAVAILABLE;
        };
    }

    /**
     * {@code t} with CLASS and KEY_TYPE added when it lacks them, then checked against them
     * (TEMPLATE_INCONSISTENT when the template says otherwise).
     */
    static Template withHints(Template t, int cls, int keyType) throws CkException {
        List<Template.Attr> list = new ArrayList<>(t.attrs());
        Template.Attr c = t.find(Ck.CKA_CLASS);
        Template.Attr k = t.find(Ck.CKA_KEY_TYPE);
        if (k == null) {
            list.add(0, new Template.Attr(Ck.CKA_KEY_TYPE, Template.u32Bytes(keyType)));
        }
        if (c == null) {
            list.add(0, new Template.Attr(Ck.CKA_CLASS, Template.u32Bytes(cls)));
        }
        if ((c != null && Template.u32(c.value(), 0) != cls) || (k != null && Template.u32(k.value(), 0) != keyType)) {
            throw AttributeRules.inconsistent("class or key type does not match the mechanism");
        }
        return new Template(list);
    }

    /** {@code t} with the parent's nested template ({@code nestedType}) merged in; a conflict is TEMPLATE_INCONSISTENT. */
    static Template withParentTemplate(Template t, P11Object parent, int nestedType) throws CkException {
        byte[] nested = parent.attribute(nestedType);
        if (nested == null || nested.length == 0) {
            return t;
        }
        List<Template.Attr> list = new ArrayList<>(t.attrs());
        for (Template.Attr req : Template.parse(nested).attrs()) {
            Template.Attr have = t.find(req.type());
            if (have == null) {
                list.add(req);
            } else if (!Arrays.equals(have.value(), req.value())) {
                throw AttributeRules.inconsistent("attribute 0x" + Integer.toHexString(req.type())
                        + " conflicts with the key's template");
            }
        }
        return new Template(list);
    }

    /**
     * A new object's attributes from {@code t} (sanitised, hints and parent template applied),
     * made by {@code origin} with {@code mechanism} (ignored for imports).
     */
    static Map<Integer, byte[]> build(Template t, int origin, int mechanism, P11Object parent) throws CkException {
        if (t.find(Ck.CKA_LOCAL) != null || t.find(Ck.CKA_KEY_GEN_MECHANISM) != null) {
            throw AttributeRules.inconsistent("CKA_LOCAL and CKA_KEY_GEN_MECHANISM are the token's to set");
        }
        Map<Integer, byte[]> attrs = ObjectSchema.assemble(t, origin);
        int cls = Template.u32(attrs.get(Ck.CKA_CLASS), 0);
        if (cls == Ck.CKO_SECRET_KEY) {
            secretValueRules(t, attrs, origin);
        }
        boolean local = origin == ObjectSchema.GENERATE;
        attrs.put(Ck.CKA_LOCAL, local ? TRUE.clone() : FALSE.clone());
        if (cls == Ck.CKO_SECRET_KEY || cls == Ck.CKO_PUBLIC_KEY || cls == Ck.CKO_PRIVATE_KEY) {
            keyComputed(t, attrs, origin, parent, cls);
            attrs.put(Ck.CKA_KEY_GEN_MECHANISM, Template.u32Bytes(local ? mechanism : Ck.UNAVAILABLE));
        }
        return attrs;
    }

    private static void secretValueRules(Template t, Map<Integer, byte[]> attrs, int origin) throws CkException {
        Template.Attr value = t.find(Ck.CKA_VALUE);
        Template.Attr len = t.find(Ck.CKA_VALUE_LEN);
        if (origin == ObjectSchema.IMPORT) {
            if (value == null || value.value().length == 0 || len != null) {
                throw AttributeRules.inconsistent("an imported secret key needs CKA_VALUE and no CKA_VALUE_LEN");
            }
            attrs.put(Ck.CKA_VALUE_LEN, Template.u32Bytes(value.value().length));
        } else if (value != null && value.value().length != 0) {
            throw AttributeRules.inconsistent("CKA_VALUE in the template of a key the token makes");
        } else if (origin == ObjectSchema.GENERATE && len == null) {
            throw new CkException(Ck.CKR_TEMPLATE_INCOMPLETE, "CKA_VALUE_LEN missing");
        }
    }

    private static void keyComputed(Template t, Map<Integer, byte[]> attrs, int origin, P11Object parent, int cls) {
        boolean sensitive = flag(attrs, Ck.CKA_SENSITIVE);
        boolean alwaysSensitive = false;
        boolean neverExtractable = false;
        switch (origin) {
            case ObjectSchema.GENERATE -> {
                alwaysSensitive = sensitive;
                neverExtractable = !flag(attrs, Ck.CKA_EXTRACTABLE);
            }
            case ObjectSchema.DERIVE -> {
                alwaysSensitive = parent.flag(Ck.CKA_ALWAYS_SENSITIVE) && sensitive;
                neverExtractable = parent.flag(Ck.CKA_NEVER_EXTRACTABLE) && !flag(attrs, Ck.CKA_EXTRACTABLE);
            }
            case ObjectSchema.UNWRAP -> {
                if (t.find(Ck.CKA_EXTRACTABLE) == null && cls != Ck.CKO_PUBLIC_KEY) {
                    attrs.put(Ck.CKA_EXTRACTABLE, TRUE.clone());
                }
            }
            default -> {
                // imported: neither
            }
        }
        attrs.put(Ck.CKA_ALWAYS_SENSITIVE, alwaysSensitive ? TRUE.clone() : FALSE.clone());
        attrs.put(Ck.CKA_NEVER_EXTRACTABLE, neverExtractable ? TRUE.clone() : FALSE.clone());
    }

    static boolean flag(Map<Integer, byte[]> attrs, int type) {
        byte[] v = attrs.get(type);
        return v != null && v.length == 1 && v[0] != 0;
    }

    /** NEVER_EXTRACTABLE with EXTRACTABLE, or ALWAYS_SENSITIVE without SENSITIVE: TEMPLATE_INCONSISTENT. */
    static void checkIntegrity(Map<Integer, byte[]> attrs) throws CkException {
        if ((flag(attrs, Ck.CKA_NEVER_EXTRACTABLE) && flag(attrs, Ck.CKA_EXTRACTABLE))
                || (flag(attrs, Ck.CKA_ALWAYS_SENSITIVE) && !flag(attrs, Ck.CKA_SENSITIVE))) {
            throw AttributeRules.inconsistent("extractable/sensitive attributes contradict each other");
        }
    }

    /**
     * CKA_CHECK_VALUE of a secret key or certificate with a value (§7.3): computed when absent;
     * a supplied empty one is kept empty; a supplied one must be the 3 computed bytes, else
     * ATTRIBUTE_VALUE_INVALID.
     */
    static void applyCheckValue(Map<Integer, byte[]> attrs) throws CkException {
        int cls = Template.u32(attrs.get(Ck.CKA_CLASS), 0);
        byte[] value = attrs.get(Ck.CKA_VALUE);
        if ((cls != Ck.CKO_SECRET_KEY && cls != Ck.CKO_CERTIFICATE) || value == null || value.length == 0) {
            return;
        }
        int keyType = cls == Ck.CKO_SECRET_KEY ? Template.u32(attrs.get(Ck.CKA_KEY_TYPE), 0) : Ck.CKK_GENERIC_SECRET;
        byte[] given = attrs.get(Ck.CKA_CHECK_VALUE);
        if (given != null && given.length == 0) {
            return;
        }
        byte[] computed = Mechanisms.checkValue(keyType, value);
        if (given == null) {
            attrs.put(Ck.CKA_CHECK_VALUE, computed);
        } else if (!Arrays.equals(given, computed)) {
            throw new CkException(Ck.CKR_ATTRIBUTE_VALUE_INVALID, "CKA_CHECK_VALUE does not match the value");
        }
    }

    /**
     * Whether session {@code s} may create the object (§3.2.4, §6.6): TRUSTED needs the SO
     * (KEY_FUNCTION_NOT_PERMITTED), a token object a R/W session (SESSION_READ_ONLY), a private
     * object a user login (USER_NOT_LOGGED_IN) unless {@code skipPrivate} (C_GenerateKey in the
     * reference TA).
     */
    static void checkRights(Session s, Map<Integer, byte[]> attrs, boolean skipPrivate) throws CkException {
        if (flag(attrs, Ck.CKA_TRUSTED) && !s.isSo()) {
            throw new CkException(Ck.CKR_KEY_FUNCTION_NOT_PERMITTED, "only the SO may create trusted objects");
        }
        if (flag(attrs, Ck.CKA_TOKEN) && !s.rw) {
            throw new CkException(Ck.CKR_SESSION_READ_ONLY, "token objects need a R/W session");
        }
        if (!skipPrivate && flag(attrs, Ck.CKA_PRIVATE) && !s.isUser()) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private objects need a user login");
        }
    }

    /** Stores {@code attrs} as a new object of {@code s} and returns its handle. */
    static int create(Commands cx, Session s, Map<Integer, byte[]> attrs) throws CkException {
        P11Object o = cx.state.store(s, attrs);
        return cx.client.handle(o);
    }
}
