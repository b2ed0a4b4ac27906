package org.jtee.tas.pkcs11;

import static org.jtee.tas.pkcs11.P11Client.FALSE;
import static org.jtee.tas.pkcs11.P11Client.TRUE;
import static org.jtee.tas.pkcs11.P11Client.attrs;
import static org.jtee.tas.pkcs11.P11Client.cat;
import static org.jtee.tas.pkcs11.P11Client.text;
import static org.jtee.tas.pkcs11.P11Client.u32;
import static org.jtee.tas.pkcs11.P11Client.u32s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 4: a token of 5,000 objects is searched through its indexes — a search by label,
 * id or class looks at the matching objects only — and, after a restart, is loaded from trusted
 * storage and served as before. How fast is `bin/jtee bench pkcs11`'s to say (with and without
 * the objects, in one run), not a test's.
 */
class ScaleTest {
    private static final int SLOT = 2;
    private static final int OBJECTS = 5_000;

    private static P11Object object(int cls, String label, String id) {
        Map<Integer, byte[]> a = new HashMap<>();
        a.put(Ck.CKA_CLASS, Template.u32Bytes(cls));
        a.put(Ck.CKA_LABEL, label.getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            a.put(Ck.CKA_ID, id.getBytes(StandardCharsets.UTF_8));
        }
        return new P11Object(a, null, null, null);
    }

    private static Template template(int type, byte[] value) {
        return new Template(List.of(new Template.Attr(type, value)));
    }

    @Test
    void searches_lookAtTheMatchingObjectsOnly_amongFiveThousand() {
        ObjectIndex index = new ObjectIndex();
        for (int i = 0; i < OBJECTS; i++) {
            index.add(object(i % 2 == 0 ? Ck.CKO_DATA : Ck.CKO_SECRET_KEY, "label " + i, i % 2 == 0 ? null : "id " + i));
        }
        P11Object target = object(Ck.CKO_PRIVATE_KEY, "target", "target-id");
        index.add(target);
        assertEquals(List.of(target), List.copyOf(index.candidates(template(Ck.CKA_LABEL, "target".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(target), List.copyOf(index.candidates(template(Ck.CKA_ID, "target-id".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(target), List.copyOf(index.candidates(template(Ck.CKA_CLASS, Template.u32Bytes(Ck.CKO_PRIVATE_KEY)))));
        assertEquals(OBJECTS / 2, index.candidates(template(Ck.CKA_CLASS, Template.u32Bytes(Ck.CKO_DATA))).size());
        assertEquals(0, index.candidates(template(Ck.CKA_LABEL, "nobody".getBytes(StandardCharsets.UTF_8))).size());
        // the smallest indexed set wins, whatever the order of the template
        Template both = new Template(List.of(new Template.Attr(Ck.CKA_CLASS, Template.u32Bytes(Ck.CKO_DATA)),
                new Template.Attr(Ck.CKA_LABEL, "label 42".getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, index.candidates(both).size());
        index.remove(target);
        assertEquals(0, index.candidates(template(Ck.CKA_LABEL, "target".getBytes(StandardCharsets.UTF_8))).size());
        assertEquals(OBJECTS, index.size());
    }

    @Test
    void fiveThousandTokenObjects_areLoadedAfterARestart_andFoundAndUsed(@TempDir Path home) throws Exception {
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            c.freshToken(SLOT);
            int s = c.openSession(SLOT, true);
            hmacKey(c, s);
            for (int i = 0; i < OBJECTS; i++) {
                P11Client.expect(Ck.CKR_OK, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_TOKEN, TRUE,
                        Ck.CKA_LABEL, text("filler " + i))).rv());
            }
        }
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            int s = c.openSession(SLOT, true);
            assertEquals(1, find(c, s, attrs(Ck.CKA_LABEL, text("target"))).length);
            assertEquals(1, find(c, s, attrs(Ck.CKA_LABEL, text("filler 4999"))).length);
            assertEquals(OBJECTS, find(c, s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA))).length);
            int key = find(c, s, attrs(Ck.CKA_LABEL, text("target")))[0];
            P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_SIGN_INIT, cat(u32s(s, key), P11Client.mech(Ck.CKM_SHA256_HMAC, new byte[0]))));
            P11Client.Result r = c.call(Ck.CMD_SIGN_ONESHOT, u32s(s), new byte[64], 32);
            assertEquals(Ck.CKR_OK, r.rv());
            assertEquals(32, r.outSize());
        }
    }

    private static int[] find(P11Client c, int s, byte[] template) throws Exception {
        P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), template)));
        P11Client.Result r = c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 4 * (OBJECTS + 8));
        P11Client.expect(Ck.CKR_OK, r.rv());
        P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_FINAL, u32s(s)));
        int[] h = new int[(int) r.outSize() / 4];
        for (int i = 0; i < h.length; i++) {
            h[i] = r.u32(i);
        }
        return h;
    }

    private static int hmacKey(P11Client c, int s) throws Exception {
        P11Client.Result r = c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY), Ck.CKA_KEY_TYPE,
                u32(Ck.CKK_GENERIC_SECRET), Ck.CKA_TOKEN, TRUE, Ck.CKA_PRIVATE, FALSE, Ck.CKA_SIGN, TRUE, Ck.CKA_LABEL, text("target"),
                Ck.CKA_VALUE, new byte[32]));
        assertEquals(Ck.CKR_OK, r.rv());
        return r.u32(0);
    }
}
