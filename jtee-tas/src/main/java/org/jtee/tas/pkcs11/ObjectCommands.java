package org.jtee.tas.pkcs11;

import java.util.Map;
import org.jtee.ta.MemoryReference;
import org.jtee.tas.pkcs11.mech.Mechanisms;

/** CREATE_OBJECT, DESTROY_OBJECT and GET_OBJECT_SIZE (optee-pkcs11-ta-abi.md §3.2.4). */
final class ObjectCommands {
    private ObjectCommands() {}

    /**
     * Order: session, template, object built (schema, imported key material completed by the
     * mechanism layer), check value, integrity, TRUSTED/TOKEN/PRIVATE rights, stored.
     */
    static void create(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        Session s = cx.session(a);
        Template raw = a.attrs();
        a.done();
        Template t = AttributeRules.sanitize(raw, 0);
        Map<Integer, byte[]> attrs = ObjectBuilder.build(t, ObjectSchema.IMPORT, Ck.UNAVAILABLE, null);
        int cls = Template.u32(attrs.get(Ck.CKA_CLASS), 0);
        if (cls == Ck.CKO_PUBLIC_KEY || cls == Ck.CKO_PRIVATE_KEY) {
            attrs.putAll(Mechanisms.completeImport(P11Object.view(attrs)));
        }
        ObjectBuilder.applyCheckValue(attrs);
        ObjectBuilder.checkIntegrity(attrs);
        ObjectBuilder.checkRights(s, attrs, false);
        Io.writeFixed(out, Io.u32s(ObjectBuilder.create(cx, s, attrs)));
    }

    static void destroy(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int handle = a.u32();
        a.done();
        P11Object o = State.object(s, handle, Ck.CKR_OBJECT_HANDLE_INVALID);
        if (o.isTokenObject() && !s.rw) {
            throw new CkException(Ck.CKR_SESSION_READ_ONLY, "token objects are destroyed from R/W sessions");
        }
        if (!State.accessible(s, o)) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private object");
        }
        if (!o.flag(Ck.CKA_DESTROYABLE)) {
            throw new CkException(Ck.CKR_ACTION_PROHIBITED, "CKA_DESTROYABLE is false");
        }
        cx.state.destroy(o);
    }

    static void size(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        Session s = cx.session(a);
        int handle = a.u32();
        a.done();
        P11Object o = State.object(s, handle, Ck.CKR_OBJECT_HANDLE_INVALID);
        if (!State.accessible(s, o)) {
            throw new CkException(Ck.CKR_OBJECT_HANDLE_INVALID, "private object");
        }
        MemoryReference out = Io.fixed(cx.params, 4);
        Io.writeFixed(out, Io.u32s(o.serialisedSize()));
    }
}
