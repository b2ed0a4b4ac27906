package org.jtee.tas.pkcs11;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes each class of object holds (optee-pkcs11-ta-abi.md §7.1): which the TA inserts
 * with a default, which it stores empty, which only when given, and which a template must give.
 * {@link #assemble} builds a new object's attributes from a sanitised template; attributes of
 * the template outside the schema are dropped, as in the reference TA, and hidden ones are never
 * taken from a client.
 *
 * <pre>
 *   every object   CLASS*, TOKEN=F, PRIVATE=F, MODIFIABLE=T, COPYABLE=T, DESTROYABLE=T, LABEL=""
 *   DATA           OBJECT_ID="", APPLICATION="", VALUE=""
 *   CERTIFICATE    CERTIFICATE_TYPE* (X_509), TRUSTED=F, CERTIFICATE_CATEGORY=0, NAME_HASH_ALGORITHM=SHA_1,
 *                  SUBJECT*, opt: START/END_DATE, PUBLIC_KEY_INFO, CHECK_VALUE, ID, ISSUER, SERIAL_NUMBER,
 *                  VALUE, URL, HASH_OF_SUBJECT/ISSUER_PUBLIC_KEY, JAVA_MIDP_SECURITY_DOMAIN
 *   any key        KEY_TYPE*, DERIVE=F, ID="", START_DATE="", END_DATE="", opt: ALLOWED_MECHANISMS
 *   SECRET_KEY     ENCRYPT DECRYPT SIGN VERIFY WRAP UNWRAP SENSITIVE EXTRACTABLE WRAP_WITH_TRUSTED TRUSTED=F,
 *                  WRAP/UNWRAP/DERIVE_TEMPLATE="", VALUE="", opt: VALUE_LEN, CHECK_VALUE
 *   PUBLIC_KEY     ENCRYPT VERIFY VERIFY_RECOVER WRAP TRUSTED=F, SUBJECT="", WRAP_TEMPLATE="", PUBLIC_KEY_INFO=""
 *     RSA          generated: MODULUS_BITS*, PUBLIC_EXPONENT=""; imported: MODULUS*, PUBLIC_EXPONENT*
 *     EC, EDWARDS  EC_PARAMS*, EC_POINT=""
 *     ML-DSA/KEM   PARAMETER_SET (generated: *), VALUE="", ML-KEM: ENCAPSULATE=F
 *   PRIVATE_KEY    DECRYPT SIGN SIGN_RECOVER UNWRAP SENSITIVE EXTRACTABLE WRAP_WITH_TRUSTED ALWAYS_AUTHENTICATE=F,
 *                  SUBJECT="", UNWRAP_TEMPLATE="", PUBLIC_KEY_INFO=""
 *     RSA          MODULUS PUBLIC_EXPONENT PRIVATE_EXPONENT PRIME_1 PRIME_2 EXPONENT_1 EXPONENT_2 COEFFICIENT=""
 *     EC           EC_PARAMS="", VALUE=""            EDWARDS: + EC_POINT=""
 *     ML-DSA/KEM   opt: PARAMETER_SET, SEED; VALUE="", ML-KEM: DECAPSULATE=F
 *   (* mandatory: missing is TEMPLATE_INCOMPLETE; CLASS and KEY_TYPE missing are TEMPLATE_INCONSISTENT)
 * </pre>
 */
final class ObjectSchema {
    private ObjectSchema() {}

    static final int IMPORT = 0;
    static final int GENERATE = 1;
    static final int DERIVE = 2;
    static final int UNWRAP = 3;

    private static final byte[] FALSE = {0};
    private static final byte[] TRUE = {1};

    /** Whether {@code keyType} is a secret key type the TA accepts. */
    static boolean isSecretType(int keyType) {
        return switch (keyType) {
            case Ck.CKK_GENERIC_SECRET, Ck.CKK_AES, Ck.CKK_MD5_HMAC, Ck.CKK_SHA_1_HMAC, Ck.CKK_SHA224_HMAC,
                Ck.CKK_SHA256_HMAC, Ck.CKK_SHA384_HMAC, Ck.CKK_SHA512_HMAC -> true;
            default -> false;
        };
    }

    /** Whether {@code keyType} is an asymmetric key type the TA accepts. */
    static boolean isAsymmetricType(int keyType) {
        return switch (keyType) {
            case Ck.CKK_RSA, Ck.CKK_EC, Ck.CKK_EC_EDWARDS, Ck.CKK_ML_DSA, Ck.CKK_ML_KEM -> true;
            default -> false;
        };
    }

    /**
     * The attributes of a new object made from {@code t} (sanitised) by {@code origin}; computed
     * attributes (LOCAL, KEY_GEN_MECHANISM…) are the builder's.
     */
    static Map<Integer, byte[]> assemble(Template t, int origin) throws CkException {
        Template.Attr classAttr = t.find(Ck.CKA_CLASS);
        if (classAttr == null) {
            throw AttributeRules.inconsistent("template without CKA_CLASS");
        }
        int cls = Template.u32(classAttr.value(), 0);
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        out.put(Ck.CKA_CLASS, classAttr.value());
        switch (cls) {
            case Ck.CKO_DATA -> {
                common(out, t);
                empty(out, t, Ck.CKA_OBJECT_ID, Ck.CKA_APPLICATION, Ck.CKA_VALUE);
            }
            case Ck.CKO_CERTIFICATE -> certificate(out, t);
            case Ck.CKO_SECRET_KEY, Ck.CKO_PUBLIC_KEY, Ck.CKO_PRIVATE_KEY -> key(out, t, cls, origin);
            default -> throw AttributeRules.inconsistent("object class " + cls + " cannot be created");
        }
        return out;
    }

    private static void common(Map<Integer, byte[]> out, Template t) {
        bools(out, t, FALSE, Ck.CKA_TOKEN, Ck.CKA_PRIVATE);
        bools(out, t, TRUE, Ck.CKA_MODIFIABLE, Ck.CKA_COPYABLE, Ck.CKA_DESTROYABLE);
        empty(out, t, Ck.CKA_LABEL);
    }

    private static void certificate(Map<Integer, byte[]> out, Template t) throws CkException {
        mandatory(out, t, Ck.CKA_CERTIFICATE_TYPE);
        if (Template.u32(out.get(Ck.CKA_CERTIFICATE_TYPE), 0) != Ck.CKC_X_509) {
            throw AttributeRules.inconsistent("only X.509 certificates are supported");
        }
        common(out, t);
        bools(out, t, FALSE, Ck.CKA_TRUSTED);
        withDefault(out, t, Ck.CKA_CERTIFICATE_CATEGORY, Template.u32Bytes(Ck.CK_CERTIFICATE_CATEGORY_UNSPECIFIED));
        int category = Template.u32(out.get(Ck.CKA_CERTIFICATE_CATEGORY), 0);
        if (category < 0 || category > Ck.CK_CERTIFICATE_CATEGORY_OTHER_ENTITY) {
            throw new CkException(Ck.CKR_ATTRIBUTE_VALUE_INVALID, "certificate category " + category);
        }
        optional(out, t, Ck.CKA_START_DATE, Ck.CKA_END_DATE, Ck.CKA_PUBLIC_KEY_INFO, Ck.CKA_CHECK_VALUE);
        mandatory(out, t, Ck.CKA_SUBJECT);
        optional(out, t, Ck.CKA_ID, Ck.CKA_ISSUER, Ck.CKA_SERIAL_NUMBER, Ck.CKA_VALUE, Ck.CKA_URL,
                Ck.CKA_HASH_OF_SUBJECT_PUBLIC_KEY, Ck.CKA_HASH_OF_ISSUER_PUBLIC_KEY, Ck.CKA_JAVA_MIDP_SECURITY_DOMAIN);
        withDefault(out, t, Ck.CKA_NAME_HASH_ALGORITHM, Template.u32Bytes(Ck.CKM_SHA_1));
    }

    private static void key(Map<Integer, byte[]> out, Template t, int cls, int origin) throws CkException {
        Template.Attr typeAttr = t.find(Ck.CKA_KEY_TYPE);
        if (typeAttr == null) {
            throw AttributeRules.inconsistent("key template without CKA_KEY_TYPE");
        }
        int type = Template.u32(typeAttr.value(), 0);
        boolean ok = cls == Ck.CKO_SECRET_KEY ? isSecretType(type) : isAsymmetricType(type);
        if (!ok) {
            throw AttributeRules.inconsistent("key type 0x" + Integer.toHexString(type) + " for class " + cls);
        }
        out.put(Ck.CKA_KEY_TYPE, typeAttr.value());
        common(out, t);
        bools(out, t, FALSE, Ck.CKA_DERIVE);
        empty(out, t, Ck.CKA_ID, Ck.CKA_START_DATE, Ck.CKA_END_DATE);
        optional(out, t, Ck.CKA_ALLOWED_MECHANISMS);
        switch (cls) {
            case Ck.CKO_SECRET_KEY -> {
                bools(out, t, FALSE, Ck.CKA_ENCRYPT, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_VERIFY, Ck.CKA_WRAP,
                        Ck.CKA_UNWRAP, Ck.CKA_SENSITIVE, Ck.CKA_EXTRACTABLE, Ck.CKA_WRAP_WITH_TRUSTED, Ck.CKA_TRUSTED);
                empty(out, t, Ck.CKA_WRAP_TEMPLATE, Ck.CKA_UNWRAP_TEMPLATE, Ck.CKA_DERIVE_TEMPLATE, Ck.CKA_VALUE);
                optional(out, t, Ck.CKA_VALUE_LEN, Ck.CKA_CHECK_VALUE);
            }
            case Ck.CKO_PUBLIC_KEY -> publicKey(out, t, type, origin);
            default -> privateKey(out, t, type);
        }
    }

    private static void publicKey(Map<Integer, byte[]> out, Template t, int type, int origin) throws CkException {
        bools(out, t, FALSE, Ck.CKA_ENCRYPT, Ck.CKA_VERIFY, Ck.CKA_VERIFY_RECOVER, Ck.CKA_WRAP, Ck.CKA_TRUSTED);
        empty(out, t, Ck.CKA_SUBJECT, Ck.CKA_WRAP_TEMPLATE, Ck.CKA_PUBLIC_KEY_INFO);
        switch (type) {
            case Ck.CKK_RSA -> {
                if (origin == GENERATE) {
                    mandatory(out, t, Ck.CKA_MODULUS_BITS);
                    empty(out, t, Ck.CKA_PUBLIC_EXPONENT);
                } else {
                    mandatory(out, t, Ck.CKA_MODULUS, Ck.CKA_PUBLIC_EXPONENT);
                    out.put(Ck.CKA_MODULUS_BITS, Template.u32Bytes(8 * unsignedLength(out.get(Ck.CKA_MODULUS))));
                }
            }
            case Ck.CKK_EC, Ck.CKK_EC_EDWARDS -> {
                mandatory(out, t, Ck.CKA_EC_PARAMS);
                empty(out, t, Ck.CKA_EC_POINT);
            }
            default -> {
                if (origin == GENERATE) {
                    mandatory(out, t, Ck.CKA_PARAMETER_SET);
                } else {
                    optional(out, t, Ck.CKA_PARAMETER_SET);
                }
                empty(out, t, Ck.CKA_VALUE);
                if (type == Ck.CKK_ML_KEM) {
                    bools(out, t, FALSE, Ck.CKA_ENCAPSULATE);
                }
            }
        }
    }

    private static void privateKey(Map<Integer, byte[]> out, Template t, int type) {
        bools(out, t, FALSE, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_SIGN_RECOVER, Ck.CKA_UNWRAP, Ck.CKA_SENSITIVE,
                Ck.CKA_EXTRACTABLE, Ck.CKA_WRAP_WITH_TRUSTED, Ck.CKA_ALWAYS_AUTHENTICATE);
        empty(out, t, Ck.CKA_SUBJECT, Ck.CKA_UNWRAP_TEMPLATE, Ck.CKA_PUBLIC_KEY_INFO);
        switch (type) {
            case Ck.CKK_RSA -> empty(out, t, Ck.CKA_MODULUS, Ck.CKA_PUBLIC_EXPONENT, Ck.CKA_PRIVATE_EXPONENT,
                    Ck.CKA_PRIME_1, Ck.CKA_PRIME_2, Ck.CKA_EXPONENT_1, Ck.CKA_EXPONENT_2, Ck.CKA_COEFFICIENT);
            case Ck.CKK_EC -> empty(out, t, Ck.CKA_EC_PARAMS, Ck.CKA_VALUE);
            case Ck.CKK_EC_EDWARDS -> empty(out, t, Ck.CKA_EC_PARAMS, Ck.CKA_VALUE, Ck.CKA_EC_POINT);
            default -> {
                optional(out, t, Ck.CKA_PARAMETER_SET, Ck.CKA_SEED);
                empty(out, t, Ck.CKA_VALUE);
                if (type == Ck.CKK_ML_KEM) {
                    bools(out, t, FALSE, Ck.CKA_DECAPSULATE);
                }
            }
        }
    }

    /** Bytes of a big-endian unsigned integer without its leading zero bytes. */
    static int unsignedLength(byte[] v) {
        int i = 0;
        while (i < v.length && v[i] == 0) {
            i++;
        }
        return v.length - i;
    }

    private static void bools(Map<Integer, byte[]> out, Template t, byte[] dflt, int... types) {
        for (int type : types) {
            withDefault(out, t, type, dflt);
        }
    }

    private static void withDefault(Map<Integer, byte[]> out, Template t, int type, byte[] dflt) {
        Template.Attr a = t.find(type);
        out.put(type, a != null ? a.value() : dflt.clone());
    }

    private static void empty(Map<Integer, byte[]> out, Template t, int... types) {
        for (int type : types) {
            withDefault(out, t, type, new byte[0]);
        }
    }

    private static void optional(Map<Integer, byte[]> out, Template t, int... types) {
        for (int type : types) {
            Template.Attr a = t.find(type);
            if (a != null) {
                out.put(type, a.value());
            }
        }
    }

    private static void mandatory(Map<Integer, byte[]> out, Template t, int... types) throws CkException {
        for (int type : types) {
            Template.Attr a = t.find(type);
            if (a == null) {
                throw new CkException(Ck.CKR_TEMPLATE_INCOMPLETE, "template lacks attribute 0x" + Integer.toHexString(type));
            }
            out.put(type, a.value());
        }
    }
}
