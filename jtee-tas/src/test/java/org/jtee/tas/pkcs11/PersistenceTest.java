package org.jtee.tas.pkcs11;

import static org.jtee.tas.pkcs11.P11Client.TRUE;
import static org.jtee.tas.pkcs11.P11Client.attrs;
import static org.jtee.tas.pkcs11.P11Client.cat;
import static org.jtee.tas.pkcs11.P11Client.text;
import static org.jtee.tas.pkcs11.P11Client.u32;
import static org.jtee.tas.pkcs11.P11Client.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What survives a restart of the core (and so of the TA instance): the token record — label,
 * flags, PIN verifiers, failure counters, a lockout — and token objects; session objects do not.
 */
class PersistenceTest {
    private static final int SLOT = 2;

    @Test
    void tokenStateAndObjects_surviveACoreRestart_lockoutIncluded(@TempDir Path home) throws Exception {
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            c.freshToken(SLOT);
            int s = c.openSession(SLOT, true);
            assertEquals(Ck.CKR_OK, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_TOKEN, TRUE,
                    Ck.CKA_LABEL, text("kept"), Ck.CKA_VALUE, text("payload"))).rv());
            assertEquals(Ck.CKR_OK, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_LABEL, text("lost"))).rv());
            for (int i = 0; i < Limits.MAX_PIN_FAILURES; i++) {
                c.login(s, Ck.CKU_USER, text("wrong"));
            }
            assertEquals(Ck.CKR_PIN_LOCKED, c.login(s, Ck.CKU_USER, P11Client.USER_PIN));
        }
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            P11Client.Result info = c.call(Ck.CMD_TOKEN_INFO, u32s(SLOT), null, 160);
            assertArrayEquals(P11Client.label("PKCS11 TA test token"), Arrays.copyOf(info.out(), 32));
            int flags = info.u32(24);
            assertTrue((flags & Ck.CKF_USER_PIN_LOCKED) != 0, "the lockout survives");
            assertTrue((flags & Ck.CKF_TOKEN_INITIALIZED) != 0);
            int s = c.openSession(SLOT, true);
            assertEquals(Ck.CKR_PIN_LOCKED, c.login(s, Ck.CKU_USER, P11Client.USER_PIN));
            assertEquals(Ck.CKR_OK, c.login(s, Ck.CKU_SO, P11Client.SO_PIN));
            P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA)))));
            P11Client.Result found = c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 16);
            assertEquals(4, found.outSize(), "the token object, not the session object");
            byte[] q = attrs(Ck.CKA_VALUE, new byte[7]);
            P11Client.Result v = c.call(Ck.CMD_GET_ATTRIBUTE_VALUE, cat(u32s(s, found.u32(0)), q), null, q.length);
            assertArrayEquals(text("payload"), Arrays.copyOfRange(v.out(), 16, 23));
        }
    }

    @Test
    void initToken_destroysTheTokenObjects_forGood(@TempDir Path home) throws Exception {
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            c.freshToken(SLOT);
            int s = c.openSession(SLOT, true);
            assertEquals(Ck.CKR_OK, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_TOKEN, TRUE)).rv());
            c.closeSession(s);
            c.freshToken(SLOT);
        }
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            int s = c.openSession(SLOT, true);
            P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), attrs())));
            assertEquals(0, c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 16).outSize());
        }
    }
}
