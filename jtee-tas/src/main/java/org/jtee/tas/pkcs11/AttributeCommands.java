package org.jtee.tas.pkcs11;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jtee.ta.MemoryReference;

/**
 * GET_ATTRIBUTE_VALUE (optee-pkcs11-ta-abi.md §4.5), SET_ATTRIBUTE_VALUE (§7.5) and
 * COPY_OBJECT (§7.6).
 *
 * <p>GET rewrites the client's template in place: record positions never move, each record's
 * size field becomes the value's length (or 0xFFFFFFFF when it is unavailable, sensitive or
 * does not fit) and the value goes to the start of its slot; bytes beyond it are untouched.
 * Status, in priority: BUFFER_TOO_SMALL, ATTRIBUTE_TYPE_INVALID, ATTRIBUTE_SENSITIVE, OK — every
 * record is filled in whatever the status.
 */
final class AttributeCommands {
    private AttributeCommands() {}

    private static final int[] SECRET_PARTS = {Ck.CKA_VALUE, Ck.CKA_PRIVATE_EXPONENT, Ck.CKA_PRIME_1, Ck.CKA_PRIME_2,
        Ck.CKA_EXPONENT_1, Ck.CKA_EXPONENT_2, Ck.CKA_COEFFICIENT, Ck.CKA_SEED};

    static void get(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        Session s = cx.session(a);
        int handle = a.u32();
        Template query = a.attrs();
        a.done();
        P11Object o = State.object(s, handle, Ck.CKR_OBJECT_HANDLE_INVALID);
        if (!State.accessible(s, o)) {
            throw new CkException(Ck.CKR_OBJECT_HANDLE_INVALID, "private object");
        }
        byte[] answer = query.encode();
        Template.putU32(answer, 4, query.count);
        MemoryReference out = Io.output(cx.params);
        if (out.capacity() < answer.length) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "output smaller than the template");
        }
        boolean tooSmall = false;
        boolean typeInvalid = false;
        boolean sensitive = false;
        int pos = 8;
        for (Template.Attr q : query.attrs()) {
            int offered = q.value().length;
            byte[] v = o.attribute(q.type());
            if (AttributeRules.isHidden(q.type())) {
                Template.putU32(answer, pos + 4, Ck.UNAVAILABLE);
                typeInvalid = true;
            } else if (AttributeRules.isNested(q.type())) {
                typeInvalid = true;
            } else if (!exportable(o, q.type())) {
                Template.putU32(answer, pos + 4, Ck.UNAVAILABLE);
                sensitive = true;
            } else if (v == null) {
                Template.putU32(answer, pos + 4, Ck.UNAVAILABLE);
                typeInvalid = true;
            } else if (offered == 0) {
                Template.putU32(answer, pos + 4, v.length);
            } else if (offered >= v.length) {
                Template.putU32(answer, pos + 4, v.length);
                System.arraycopy(v, 0, answer, pos + 8, v.length);
            } else {
                Template.putU32(answer, pos + 4, Ck.UNAVAILABLE);
                tooSmall = true;
            }
            pos += 8 + offered;
        }
        Io.writeFixed(out, answer);
        java.util.Arrays.fill(answer, (byte) 0);
        if (tooSmall) {
            throw CkException.shortBuffer(answer.length);
        } else if (typeInvalid) {
            throw new CkException(Ck.CKR_ATTRIBUTE_TYPE_INVALID, "attribute not available");
        } else if (sensitive) {
            throw new CkException(Ck.CKR_ATTRIBUTE_SENSITIVE, "attribute sensitive");
        }
    }

    /** §7.4: secret parts of secret and private keys leave only when EXTRACTABLE and not SENSITIVE. */
    static boolean exportable(P11Object o, int type) {
        int cls = o.objectClass();
        if (cls != Ck.CKO_SECRET_KEY && cls != Ck.CKO_PRIVATE_KEY) {
            return true;
        }
        for (int secret : SECRET_PARTS) {
            if (secret == type) {
                return o.flag(Ck.CKA_EXTRACTABLE) && !o.flag(Ck.CKA_SENSITIVE);
            }
        }
        return true;
    }

    static void set(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int handle = a.u32();
        Template raw = a.attrs();
        a.done();
        P11Object o = State.object(s, handle, Ck.CKR_OBJECT_HANDLE_INVALID);
        checkChangeable(s, o, Ck.CKA_MODIFIABLE, "modified");
        Template t = AttributeRules.sanitize(raw, 0);
        checkChanges(s, o, t, false);
        Map<Integer, byte[]> attrs = merged(o, t);
        if (t.find(Ck.CKA_CHECK_VALUE) != null) {
            ObjectBuilder.applyCheckValue(attrs);
        }
        replace(cx, o, attrs);
    }

    /** Applies new attributes to {@code o}: storage first for a token object, then memory and indexes. */
    private static void replace(Commands cx, P11Object o, Map<Integer, byte[]> attrs) throws CkException {
        ObjectIndex index = o.isTokenObject() ? o.token.objects : o.owner.client.sessionObjects;
        Map<Integer, byte[]> before = o.attributes();
        index.remove(o);
        o.replaceAll(attrs);
        try {
            if (o.isTokenObject()) {
                State.writeObject(o);
            }
        } catch (CkException e) {
            o.replaceAll(before);
            throw e;
        } finally {
            index.add(o);
        }
    }

    /** A copy of {@code o}'s attributes with {@code t}'s values over them. */
    private static Map<Integer, byte[]> merged(P11Object o, Template t) {
        Map<Integer, byte[]> attrs = new LinkedHashMap<>();
        o.attributes().forEach((k, v) -> attrs.put(k, v.clone()));
        attrs.putAll(t.toMap());
        return attrs;
    }

    /** The per-attribute rules of §7.5, with the copy rights of §7.6 when {@code copy}. */
    private static void checkChanges(Session s, P11Object o, Template t, boolean copy) throws CkException {
        for (Template.Attr a : t.attrs()) {
            if (AttributeRules.isHidden(a.type()) || o.attribute(a.type()) == null) {
                throw new CkException(Ck.CKR_ATTRIBUTE_TYPE_INVALID, "attribute 0x" + Integer.toHexString(a.type())
                        + " is not the object's");
            }
            if (!modifiable(s, o, a.type(), copy)) {
                throw new CkException(Ck.CKR_ATTRIBUTE_READ_ONLY, "attribute 0x" + Integer.toHexString(a.type())
                        + " cannot be changed");
            }
        }
    }

    private static boolean modifiable(Session s, P11Object o, int type, boolean copy) {
        int cls = o.objectClass();
        boolean key = cls == Ck.CKO_SECRET_KEY || cls == Ck.CKO_PUBLIC_KEY || cls == Ck.CKO_PRIVATE_KEY;
        switch (type) {
            case Ck.CKA_LABEL:
                return true;
            case Ck.CKA_COPYABLE:
                return o.flag(Ck.CKA_COPYABLE);
            case Ck.CKA_TOKEN, Ck.CKA_PRIVATE, Ck.CKA_MODIFIABLE, Ck.CKA_DESTROYABLE:
                return copy;
            case Ck.CKA_ID, Ck.CKA_START_DATE, Ck.CKA_END_DATE, Ck.CKA_DERIVE:
                return key;
            default:
                break;
        }
        return switch (cls) {
            case Ck.CKO_SECRET_KEY -> switch (type) {
                case Ck.CKA_ENCRYPT, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_VERIFY, Ck.CKA_WRAP, Ck.CKA_UNWRAP,
                    Ck.CKA_CHECK_VALUE -> true;
                case Ck.CKA_EXTRACTABLE -> o.flag(Ck.CKA_EXTRACTABLE);
                case Ck.CKA_SENSITIVE, Ck.CKA_WRAP_WITH_TRUSTED -> !o.flag(type);
                case Ck.CKA_TRUSTED -> s.isSo();
                default -> false;
            };
            case Ck.CKO_PUBLIC_KEY -> switch (type) {
                case Ck.CKA_SUBJECT, Ck.CKA_ENCRYPT, Ck.CKA_VERIFY, Ck.CKA_VERIFY_RECOVER, Ck.CKA_WRAP -> true;
                case Ck.CKA_TRUSTED -> s.isSo();
                default -> false;
            };
            case Ck.CKO_PRIVATE_KEY -> switch (type) {
                case Ck.CKA_SUBJECT, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_SIGN_RECOVER, Ck.CKA_UNWRAP,
                    Ck.CKA_PUBLIC_KEY_INFO -> true;
                case Ck.CKA_EXTRACTABLE -> o.flag(Ck.CKA_EXTRACTABLE);
                case Ck.CKA_SENSITIVE, Ck.CKA_WRAP_WITH_TRUSTED -> !o.flag(type);
                default -> false;
            };
            default -> false;
        };
    }

    /**
     * The checks SET_ATTRIBUTE_VALUE and COPY_OBJECT make of their object, in the reference's
     * order: a token object only from a R/W session ({@code CKR_SESSION_READ_ONLY}), a private
     * one only logged in ({@code CKR_USER_NOT_LOGGED_IN}), and {@code permission}
     * (CKA_MODIFIABLE, CKA_COPYABLE) true ({@code CKR_ACTION_PROHIBITED}).
     */
    private static void checkChangeable(Session s, P11Object o, int permission, String verb) throws CkException {
        if (o.isTokenObject() && !s.rw) {
            throw new CkException(Ck.CKR_SESSION_READ_ONLY, "token objects are " + verb + " from R/W sessions");
        }
        if (!State.accessible(s, o)) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private object");
        }
        if (!o.flag(permission)) {
            throw new CkException(Ck.CKR_ACTION_PROHIBITED, "the object may not be " + verb);
        }
    }

    static void copy(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        Session s = cx.session(a);
        int handle = a.u32();
        Template raw = a.attrs();
        a.done();
        P11Object o = State.object(s, handle, Ck.CKR_OBJECT_HANDLE_INVALID);
        checkChangeable(s, o, Ck.CKA_COPYABLE, "copied");
        Template t = AttributeRules.sanitize(raw, 0);
        checkChanges(s, o, t, true);
        Template.Attr token = t.find(Ck.CKA_TOKEN);
        if (token != null && token.value()[0] != 0 && !s.rw) {
            throw new CkException(Ck.CKR_SESSION_READ_ONLY, "token objects need a R/W session");
        }
        Template.Attr priv = t.find(Ck.CKA_PRIVATE);
        if (priv != null && priv.value()[0] != 0 && !o.isPrivate() && !s.isUser()) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private objects need a user login");
        }
        if (priv != null && priv.value()[0] == 0 && o.isPrivate()) {
            throw AttributeRules.inconsistent("a private object's copy stays private");
        }
        Map<Integer, byte[]> attrs = merged(o, t);
        Template.Attr ext = t.find(Ck.CKA_EXTRACTABLE);
        if (ext != null && ext.value()[0] == 0 && attrs.containsKey(Ck.CKA_NEVER_EXTRACTABLE)) {
            attrs.put(Ck.CKA_NEVER_EXTRACTABLE, new byte[] {0});
        }
        if (t.find(Ck.CKA_CHECK_VALUE) == null) {
            attrs.remove(Ck.CKA_CHECK_VALUE);
            if (o.attribute(Ck.CKA_CHECK_VALUE) != null && o.attribute(Ck.CKA_CHECK_VALUE).length == 0) {
                attrs.put(Ck.CKA_CHECK_VALUE, new byte[0]);
            }
        }
        ObjectBuilder.applyCheckValue(attrs);
        ObjectBuilder.checkIntegrity(attrs);
        Io.writeFixed(out, Io.u32s(ObjectBuilder.create(cx, s, attrs)));
    }
}
