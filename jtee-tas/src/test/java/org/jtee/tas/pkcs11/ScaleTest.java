package org.jtee.tas.pkcs11;

import static org.jtee.tas.pkcs11.P11Client.TRUE;
import static org.jtee.tas.pkcs11.P11Client.attrs;
import static org.jtee.tas.pkcs11.P11Client.cat;
import static org.jtee.tas.pkcs11.P11Client.text;
import static org.jtee.tas.pkcs11.P11Client.u32;
import static org.jtee.tas.pkcs11.P11Client.u32s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 4: with 5,000 token objects on the token, finding by label and signing run at (nearly)
 * the rate they have on an empty token — the objects are indexed, and loaded once per instance.
 */
class ScaleTest {
    private static final int SLOT = 2;
    private static final int OBJECTS = 5_000;

    @Test
    void findAndSign_stayFlat_with5000TokenObjects(@TempDir Path home) throws Exception {
        double findEmpty;
        double signEmpty;
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            c.freshToken(SLOT);
            int s = c.openSession(SLOT, true);
            int key = hmacKey(c, s);
            findRate(c, s); // a first pass warms the JIT up, so that the empty token is not measured cold
            signRate(c, s, key);
            findEmpty = findRate(c, s);
            signEmpty = signRate(c, s, key);
            for (int i = 0; i < OBJECTS; i++) {
                P11Client.expect(Ck.CKR_OK, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_TOKEN, TRUE,
                        Ck.CKA_LABEL, text("filler " + i))).rv());
            }
        }
        try (Pkcs11Tee tee = Pkcs11Tee.start(home); P11Client c = tee.client()) {
            int s = c.openSession(SLOT, true);
            int key = hmacKey(c, s);
            double findFull = findRate(c, s);
            double signFull = signRate(c, s, key);
            System.out.printf("find %.0f/s -> %.0f/s, sign %.0f/s -> %.0f/s%n", findEmpty, findFull, signEmpty, signFull);
            assertTrue(findFull >= 0.7 * findEmpty, "find: " + findFull + "/s with objects, " + findEmpty + "/s without");
            assertTrue(signFull >= 0.7 * signEmpty, "sign: " + signFull + "/s with objects, " + signEmpty + "/s without");
        }
    }

    private static int hmacKey(P11Client c, int s) throws Exception {
        P11Client.Result r = c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY), Ck.CKA_KEY_TYPE,
                u32(Ck.CKK_GENERIC_SECRET), Ck.CKA_SIGN, TRUE, Ck.CKA_LABEL, text("target"), Ck.CKA_VALUE, new byte[32]));
        assertEquals(Ck.CKR_OK, r.rv());
        return r.u32(0);
    }

    /** Best of three rounds of searches by label (one match). */
    private static double findRate(P11Client c, int s) throws Exception {
        byte[] init = cat(u32(s), attrs(Ck.CKA_LABEL, text("target")));
        return bestOf3(500, () -> {
            P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_INIT, init));
            assertEquals(4, c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 64).outSize());
            P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_FINAL, u32s(s)));
        });
    }

    private static double signRate(P11Client c, int s, int key) throws Exception {
        byte[] init = cat(u32s(s, key), P11Client.mech(Ck.CKM_SHA256_HMAC, new byte[0]));
        byte[] data = new byte[64];
        return bestOf3(500, () -> {
            P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_SIGN_INIT, init));
            P11Client.expect(Ck.CKR_OK, c.call(Ck.CMD_SIGN_ONESHOT, u32s(s), data, 32).rv());
        });
    }

    interface Step {
        void run() throws Exception;
    }

    private static double bestOf3(int n, Step step) throws Exception {
        for (int i = 0; i < n; i++) {
            step.run(); // warm-up
        }
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                step.run();
            }
            best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }
}
