package org.jtee.tas.pkcs11;

import java.util.Arrays;
import java.util.Collection;
import org.jtee.ta.MemoryReference;

/**
 * The find-objects protocol (optee-pkcs11-ta-abi.md §8.3): FIND_OBJECTS_INIT takes a snapshot of
 * the matching handles — the client's session objects, then the accessible token objects of the
 * session's token, which get a handle in the client's table if they had none — and
 * FIND_OBJECTS hands them out in order. Matching is byte equality of every template attribute;
 * an empty template value or a hidden attribute matches nothing. Candidates come from the
 * indexes by CKA_CLASS, CKA_ID and CKA_LABEL ({@link ObjectIndex}), so a search naming any of
 * them costs in proportion to the matches, not to the objects on the token.
 */
final class FindCommands {
    private FindCommands() {}

    static void init(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        Template raw = a.attrs();
        a.done();
        if (s.active != null) {
            throw new CkException(Ck.CKR_OPERATION_ACTIVE, "an operation is active");
        }
        if (s.find != null) {
            throw new CkException(Ck.CKR_FUNCTION_FAILED, "a search is active");
        }
        Template t = AttributeRules.sanitize(raw, 0);
        Template.Attr cls = t.find(Ck.CKA_CLASS);
        if (cls != null) {
            int c = Template.u32(cls.value(), 0);
            if (c < Ck.CKO_DATA || c > Ck.CKO_SECRET_KEY) {
                throw new CkException(Ck.CKR_ARGUMENTS_BAD, "search for class " + c);
            }
        }
        int[] found = new int[16];
        int n = 0;
        for (Collection<P11Object> set : java.util.List.of(cx.client.sessionObjects.candidates(t),
                s.token.objects.candidates(t))) {
            for (P11Object o : set) {
                if (State.accessible(s, o) && matches(o, t)) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = cx.client.handle(o);
                }
            }
        }
        s.find = new Session.Find(Arrays.copyOf(found, n));
    }

    static boolean matches(P11Object o, Template t) {
        for (Template.Attr a : t.attrs()) {
            byte[] v = o.attribute(a.type());
            if (a.value().length == 0 || AttributeRules.isHidden(a.type()) || v == null || !Arrays.equals(v, a.value())) {
                return false;
            }
        }
        return true;
    }

    static void next(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        Session s = cx.session(a);
        a.done();
        Session.Find f = s.find;
        if (f == null) {
            throw new CkException(Ck.CKR_OPERATION_NOT_INITIALIZED, "no search");
        }
        MemoryReference out = Io.output(cx.params);
        int count = (int) Math.min(f.handles.length - f.next, out.capacity() / 4);
        byte[] b = new byte[4 * count];
        for (int i = 0; i < count; i++) {
            Template.putU32(b, 4 * i, f.handles[f.next + i]);
        }
        f.next += count;
        Io.writeFixed(out, b);
    }

    static void end(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        a.done();
        if (s.find == null) {
            throw new CkException(Ck.CKR_OPERATION_NOT_INITIALIZED, "no search");
        }
        s.find = null;
    }
}
