package org.jtee.tas.pkcs11;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which attributes the TA knows, their sizes, and the sanitising every incoming template goes
 * through (optee-pkcs11-ta-abi.md §5.3, §7.2), nested ones included:
 *
 * <ol>
 *   <li>CLASS and KEY_TYPE must be 4 bytes; duplicates must agree — else TEMPLATE_INCONSISTENT;</li>
 *   <li>booleans must be 1 byte (else FUNCTION_FAILED, as the reference TA), duplicates must
 *       agree (else TEMPLATE_INCONSISTENT), values become 0 or 1;</li>
 *   <li>an unknown ID or a wrong fixed size is TEMPLATE_INCONSISTENT; nested templates are
 *       sanitised in turn, at most {@link Limits#MAX_TEMPLATE_DEPTH} deep;</li>
 *   <li>other duplicates must agree and are kept once.</li>
 * </ol>
 *
 * The result lists CLASS, then KEY_TYPE, the booleans, then the rest, each in the client's order. jtee departs from
 * the reference in two places, both invisible to xtest: START/END_DATE take an 8-byte CK_DATE (or
 * nothing) where the reference's table says 4, and CKA_MECHANISM_TYPE / CKA_KEY_GEN_MECHANISM are
 * ordinary 4-byte attributes instead of aliases of the key type.
 */
final class AttributeRules {
    private AttributeRules() {}

    private static final int VARIABLE = -1;
    private static final int BOOL = -2;
    private static final int NESTED = -3;
    private static final int DATE = -4;

    private static final Map<Integer, Integer> SIZES = new HashMap<>();

    static {
        for (int t : new int[] {Ck.CKA_CLASS, Ck.CKA_CERTIFICATE_TYPE, Ck.CKA_CERTIFICATE_CATEGORY,
            Ck.CKA_JAVA_MIDP_SECURITY_DOMAIN, Ck.CKA_NAME_HASH_ALGORITHM, Ck.CKA_KEY_TYPE, Ck.CKA_MODULUS_BITS,
            Ck.CKA_VALUE_LEN, Ck.CKA_KEY_GEN_MECHANISM, Ck.CKA_MECHANISM_TYPE, Ck.CKA_PARAMETER_SET}) {
            SIZES.put(t, 4);
        }
        for (int t : new int[] {Ck.CKA_TOKEN, Ck.CKA_PRIVATE, Ck.CKA_TRUSTED, Ck.CKA_SENSITIVE, Ck.CKA_ENCRYPT,
            Ck.CKA_DECRYPT, Ck.CKA_WRAP, Ck.CKA_UNWRAP, Ck.CKA_SIGN, Ck.CKA_SIGN_RECOVER, Ck.CKA_VERIFY,
            Ck.CKA_VERIFY_RECOVER, Ck.CKA_DERIVE, Ck.CKA_EXTRACTABLE, Ck.CKA_LOCAL, Ck.CKA_NEVER_EXTRACTABLE,
            Ck.CKA_ALWAYS_SENSITIVE, Ck.CKA_MODIFIABLE, Ck.CKA_COPYABLE, Ck.CKA_DESTROYABLE,
            Ck.CKA_ALWAYS_AUTHENTICATE, Ck.CKA_WRAP_WITH_TRUSTED, Ck.CKA_ENCAPSULATE, Ck.CKA_DECAPSULATE}) {
            SIZES.put(t, BOOL);
        }
        for (int t : new int[] {Ck.CKA_LABEL, Ck.CKA_APPLICATION, Ck.CKA_VALUE, Ck.CKA_OBJECT_ID, Ck.CKA_ISSUER,
            Ck.CKA_SERIAL_NUMBER, Ck.CKA_URL, Ck.CKA_HASH_OF_SUBJECT_PUBLIC_KEY, Ck.CKA_HASH_OF_ISSUER_PUBLIC_KEY,
            Ck.CKA_CHECK_VALUE, Ck.CKA_SUBJECT, Ck.CKA_ID, Ck.CKA_MODULUS, Ck.CKA_PUBLIC_EXPONENT,
            Ck.CKA_PRIVATE_EXPONENT, Ck.CKA_PRIME_1, Ck.CKA_PRIME_2, Ck.CKA_EXPONENT_1, Ck.CKA_EXPONENT_2,
            Ck.CKA_COEFFICIENT, Ck.CKA_PUBLIC_KEY_INFO, Ck.CKA_EC_PARAMS, Ck.CKA_EC_POINT,
            Ck.CKA_ALLOWED_MECHANISMS, Ck.CKA_OPTEE_HIDDEN_EC_POINT, Ck.CKA_SEED}) {
            SIZES.put(t, VARIABLE);
        }
        for (int t : new int[] {Ck.CKA_WRAP_TEMPLATE, Ck.CKA_UNWRAP_TEMPLATE, Ck.CKA_DERIVE_TEMPLATE}) {
            SIZES.put(t, NESTED);
        }
        SIZES.put(Ck.CKA_START_DATE, DATE);
        SIZES.put(Ck.CKA_END_DATE, DATE);
    }

    static boolean isBoolean(int type) {
        Integer s = SIZES.get(type);
        return s != null && s == BOOL;
    }

    static boolean isNested(int type) {
        Integer s = SIZES.get(type);
        return s != null && s == NESTED;
    }

    /** OP-TEE's hidden vendor attributes: bit 31 (vendor) and bit 16 (hidden). */
    static boolean isHidden(int type) {
        return (type & 0x80010000) == 0x80010000;
    }

    /** The sanitised form of {@code raw}; {@code depth} is 0 for a command's own template. */
    static Template sanitize(Template raw, int depth) throws CkException {
        if (depth >= Limits.MAX_TEMPLATE_DEPTH) {
            throw inconsistent("nested templates deeper than " + Limits.MAX_TEMPLATE_DEPTH);
        }
        byte[] cls = single(raw, Ck.CKA_CLASS);
        byte[] type = single(raw, Ck.CKA_KEY_TYPE);
        List<Template.Attr> out = new ArrayList<>(raw.attrs().size());
        if (cls != null) {
            out.add(new Template.Attr(Ck.CKA_CLASS, cls));
        }
        if (type != null) {
            out.add(new Template.Attr(Ck.CKA_KEY_TYPE, type));
        }
        Map<Integer, byte[]> seen = new HashMap<>();
        for (boolean booleans : new boolean[] {true, false}) { // booleans first, as the reference TA
            for (Template.Attr a : raw.attrs()) {
                if (a.type() != Ck.CKA_CLASS && a.type() != Ck.CKA_KEY_TYPE && isBoolean(a.type()) == booleans) {
                    add(out, seen, a.type(), checked(a, depth));
                }
            }
        }
        return new Template(out);
    }

    private static void add(List<Template.Attr> out, Map<Integer, byte[]> seen, int type, byte[] value)
            throws CkException {
        byte[] before = seen.putIfAbsent(type, value);
        if (before == null) {
            out.add(new Template.Attr(type, value));
        } else if (!Arrays.equals(before, value)) {
            throw inconsistent("attribute 0x" + Integer.toHexString(type) + " given twice with different values");
        }
    }

    /** One record's value, checked and normalised. */
    private static byte[] checked(Template.Attr a, int depth) throws CkException {
        Integer size = SIZES.get(a.type());
        int len = a.value().length;
        if (size == null) {
            throw inconsistent("unknown attribute 0x" + Integer.toHexString(a.type()));
        }
        switch (size) {
            case BOOL -> {
                if (len != 1) {
                    throw new CkException(Ck.CKR_FUNCTION_FAILED, "boolean attribute 0x"
                            + Integer.toHexString(a.type()) + " of " + len + " bytes");
                }
                return new byte[] {(byte) (a.value()[0] != 0 ? 1 : 0)};
            }
            case NESTED -> {
                return sanitize(Template.parse(a.value()), depth + 1).encode();
            }
            case DATE -> {
                if (len != 0 && len != 8) {
                    throw inconsistent("date of " + len + " bytes");
                }
                return a.value();
            }
            case VARIABLE -> {
                if (a.type() == Ck.CKA_ALLOWED_MECHANISMS && len % 4 != 0) {
                    throw inconsistent("CKA_ALLOWED_MECHANISMS of " + len + " bytes");
                }
                return a.value();
            }
            default -> {
                if (len != size) {
                    throw inconsistent("attribute 0x" + Integer.toHexString(a.type()) + " of " + len + " bytes, not " + size);
                }
                return a.value();
            }
        }
    }

    /** The 4-byte value of CLASS or KEY_TYPE, checked for size and agreement; null if absent. */
    private static byte[] single(Template raw, int type) throws CkException {
        byte[] found = null;
        for (Template.Attr a : raw.attrs()) {
            if (a.type() != type) {
                continue;
            }
            if (a.value().length != 4) {
                throw inconsistent("attribute 0x" + Integer.toHexString(type) + " of " + a.value().length + " bytes");
            }
            if (found != null && !Arrays.equals(found, a.value())) {
                throw inconsistent("attribute 0x" + Integer.toHexString(type) + " given twice with different values");
            }
            found = a.value();
        }
        return found;
    }

    static CkException inconsistent(String message) {
        return new CkException(Ck.CKR_TEMPLATE_INCONSISTENT, message);
    }
}
