package org.jtee.tas.pkcs11;

import static org.jtee.tas.pkcs11.P11Client.FALSE;
import static org.jtee.tas.pkcs11.P11Client.TRUE;
import static org.jtee.tas.pkcs11.P11Client.attrs;
import static org.jtee.tas.pkcs11.P11Client.cat;
import static org.jtee.tas.pkcs11.P11Client.text;
import static org.jtee.tas.pkcs11.P11Client.u32;
import static org.jtee.tas.pkcs11.P11Client.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login state machine, objects, find, attributes, and malformed input — slot 2, reinitialised per test. */
class LoginAndObjectTest {
    private static final int SLOT = 2;
    private P11Client c;

    @BeforeEach
    void freshToken() throws Exception {
        c = Pkcs11Tee.shared().client();
        c.freshToken(SLOT);
    }

    @AfterEach
    void disconnect() {
        c.close();
    }

    private int tokenFlags() throws Exception {
        return c.call(Ck.CMD_TOKEN_INFO, u32s(SLOT), null, 160).u32(24);
    }

    private static byte[] dataObject(boolean token, boolean priv, String label) {
        return attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_TOKEN, token ? TRUE : FALSE,
                Ck.CKA_PRIVATE, priv ? TRUE : FALSE, Ck.CKA_LABEL, text(label));
    }

    private int[] find(int s, byte[] template) throws Exception {
        P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), template)));
        P11Client.Result r = c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 4 * 64);
        P11Client.expect(Ck.CKR_OK, r.rv());
        P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_FINAL, u32s(s)));
        int[] h = new int[(int) r.outSize() / 4];
        for (int i = 0; i < h.length; i++) {
            h[i] = r.u32(i);
        }
        return h;
    }

    @Test
    void freshToken_isInitialisedWithUserPin() throws Exception {
        int flags = tokenFlags();
        assertTrue((flags & Ck.CKF_TOKEN_INITIALIZED) != 0);
        assertTrue((flags & Ck.CKF_USER_PIN_INITIALIZED) != 0);
        assertEquals(0, flags & (Token.SO_PIN_FLAGS | Token.USER_PIN_FLAGS));
    }

    @Test
    void loginMatrix_followsTheStateMachine() throws Exception {
        int ro = c.openSession(SLOT, false);
        int rw = c.openSession(SLOT, true);
        assertEquals(Ck.CKR_USER_NOT_LOGGED_IN, c.logout(rw));
        assertEquals(Ck.CKR_SESSION_READ_ONLY_EXISTS, c.login(rw, Ck.CKU_SO, P11Client.SO_PIN));
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.login(rw, Ck.CKU_CONTEXT_SPECIFIC, P11Client.USER_PIN));
        assertEquals(Ck.CKR_USER_TYPE_INVALID, c.login(rw, 7, P11Client.USER_PIN));
        assertEquals(Ck.CKR_OK, c.login(rw, Ck.CKU_USER, P11Client.USER_PIN));
        assertEquals(Ck.CKS_RO_USER_FUNCTIONS, c.call(Ck.CMD_SESSION_INFO, u32s(ro), null, 16).u32(1));
        assertEquals(Ck.CKR_USER_ALREADY_LOGGED_IN, c.login(ro, Ck.CKU_USER, P11Client.USER_PIN));
        assertEquals(Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN, c.login(ro, Ck.CKU_SO, P11Client.SO_PIN));
        try (P11Client other = Pkcs11Tee.shared().client()) {
            int s = other.openSession(SLOT, true);
            assertEquals(Ck.CKS_RW_PUBLIC_SESSION, other.call(Ck.CMD_SESSION_INFO, u32s(s), null, 16).u32(1));
            assertEquals(Ck.CKR_SESSION_EXISTS, other.initToken(SLOT, P11Client.SO_PIN, "x"));
        }
        assertEquals(Ck.CKR_OK, c.logout(ro));
        assertEquals(Ck.CKS_RW_PUBLIC_SESSION, c.call(Ck.CMD_SESSION_INFO, u32s(rw), null, 16).u32(1));
        assertEquals(Ck.CKR_OK, c.closeSession(ro));
        assertEquals(Ck.CKR_OK, c.login(rw, Ck.CKU_SO, P11Client.SO_PIN));
        assertEquals(Ck.CKR_SESSION_READ_WRITE_SO_EXISTS, c.call(Ck.CMD_OPEN_SESSION,
                u32s(SLOT, Ck.CKF_SERIAL_SESSION), null, 4).rv());
    }

    @Test
    void wrongUserPin_countsAndLocksAtSeven_thenInitPinUnlocks() throws Exception {
        int s = c.openSession(SLOT, true);
        for (int i = 1; i <= 5; i++) {
            assertEquals(Ck.CKR_PIN_INCORRECT, c.login(s, Ck.CKU_USER, text("wrong")));
        }
        assertTrue((tokenFlags() & Ck.CKF_USER_PIN_COUNT_LOW) != 0);
        assertEquals(Ck.CKR_PIN_INCORRECT, c.login(s, Ck.CKU_USER, text("wrong")));
        assertTrue((tokenFlags() & Ck.CKF_USER_PIN_FINAL_TRY) != 0);
        assertEquals(Ck.CKR_PIN_LOCKED, c.login(s, Ck.CKU_USER, text("wrong")));
        assertEquals(Ck.CKR_PIN_LOCKED, c.login(s, Ck.CKU_USER, P11Client.USER_PIN));
        assertTrue((tokenFlags() & Ck.CKF_USER_PIN_LOCKED) != 0);
        assertEquals(Ck.CKR_OK, c.login(s, Ck.CKU_SO, P11Client.SO_PIN));
        assertEquals(Ck.CKR_OK, c.initPin(s, P11Client.USER_PIN));
        assertEquals(0, tokenFlags() & Token.USER_PIN_FLAGS);
        assertEquals(Ck.CKR_OK, c.logout(s));
        assertEquals(Ck.CKR_OK, c.login(s, Ck.CKU_USER, P11Client.USER_PIN));
    }

    @Test
    void wrongSoPinInInitToken_raisesCountLow_rightOneClearsIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(Ck.CKR_PIN_INCORRECT, c.initToken(SLOT, text("bad-pin!"), "x"));
        }
        assertTrue((tokenFlags() & Ck.CKF_SO_PIN_COUNT_LOW) != 0);
        assertEquals(Ck.CKR_OK, c.initToken(SLOT, P11Client.SO_PIN, "again"));
        assertEquals(0, tokenFlags() & (Token.SO_PIN_FLAGS | Ck.CKF_USER_PIN_INITIALIZED));
    }

    @Test
    void pinLengths_areChecked() throws Exception {
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.initToken(1, text("123"), "x"));
        int s = c.openSession(SLOT, true);
        assertEquals(Ck.CKR_OK, c.login(s, Ck.CKU_SO, P11Client.SO_PIN));
        assertEquals(Ck.CKR_PIN_LEN_RANGE, c.initPin(s, text("123")));
        assertEquals(Ck.CKR_PIN_LEN_RANGE, c.initPin(s, new byte[129]));
        assertEquals(Ck.CKR_OK, c.logout(s));
        assertEquals(Ck.CKR_USER_NOT_LOGGED_IN, c.initPin(s, P11Client.USER_PIN));
        byte[] change = cat(u32s(s, 5, 6), P11Client.USER_PIN, text("654321"));
        assertEquals(Ck.CKR_OK, c.rv(Ck.CMD_SET_PIN, change));
        assertEquals(Ck.CKR_PIN_INCORRECT, c.login(s, Ck.CKU_USER, P11Client.USER_PIN));
        assertEquals(Ck.CKR_OK, c.login(s, Ck.CKU_USER, text("654321")));
    }

    @Test
    void createObject_permissions_sessionReadOnlyBeforeUserNotLoggedIn() throws Exception {
        int ro = c.openSession(SLOT, false);
        assertEquals(Ck.CKR_OK, c.create(ro, dataObject(false, false, "a")).rv());
        assertEquals(Ck.CKR_SESSION_READ_ONLY, c.create(ro, dataObject(true, true, "a")).rv());
        assertEquals(Ck.CKR_USER_NOT_LOGGED_IN, c.create(ro, dataObject(false, true, "a")).rv());
        int rw = c.openSession(SLOT, true);
        assertEquals(Ck.CKR_OK, c.create(rw, dataObject(true, false, "a")).rv());
    }

    @Test
    void badTemplates_getTheReferenceCodes_andStoreNothing() throws Exception {
        int s = c.openSession(SLOT, true);
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_LABEL, text("x"))).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), 0x7777, text("x"))).rv());
        assertEquals(Ck.CKR_FUNCTION_FAILED, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA), Ck.CKA_TOKEN, u32(1))).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_CLASS, new byte[2])).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA),
                Ck.CKA_TOKEN, TRUE, Ck.CKA_TOKEN, FALSE)).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY))).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY),
                Ck.CKA_KEY_TYPE, u32(Ck.CKK_RSA), Ck.CKA_VALUE, new byte[16])).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCOMPLETE, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_PUBLIC_KEY),
                Ck.CKA_KEY_TYPE, u32(Ck.CKK_RSA), Ck.CKA_MODULUS, new byte[128])).rv());
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA),
                Ck.CKA_LOCAL, TRUE)).rv());
        assertEquals(Ck.CKR_ATTRIBUTE_VALUE_INVALID, c.create(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_CERTIFICATE),
                Ck.CKA_CERTIFICATE_TYPE, u32(Ck.CKC_X_509), Ck.CKA_CERTIFICATE_CATEGORY, u32(9),
                Ck.CKA_SUBJECT, text("s"))).rv());
        assertEquals(0, find(s, attrs()).length);
    }

    @Test
    void nestedTemplates_deeperThanFive_areInconsistent_malformedAreArgumentsBad() throws Exception {
        int s = c.openSession(SLOT, true);
        byte[] nested = attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY));
        for (int depth = 0; depth < 4; depth++) {
            nested = attrs(Ck.CKA_WRAP_TEMPLATE, nested);
        }
        byte[] key = attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY), Ck.CKA_KEY_TYPE, u32(Ck.CKK_GENERIC_SECRET),
                Ck.CKA_VALUE, new byte[16], Ck.CKA_WRAP_TEMPLATE, nested);
        assertEquals(Ck.CKR_TEMPLATE_INCONSISTENT, c.create(s, key).rv());
        byte[] broken = attrs(Ck.CKA_CLASS, u32(Ck.CKO_SECRET_KEY), Ck.CKA_KEY_TYPE, u32(Ck.CKK_GENERIC_SECRET),
                Ck.CKA_VALUE, new byte[16], Ck.CKA_WRAP_TEMPLATE, u32s(40, 1));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.create(s, broken).rv());
    }

    @Test
    void everyTruncationAndOverflowOfCreate_isArgumentsBad_andTheTaGoesOn() throws Exception {
        int s = c.openSession(SLOT, true);
        byte[] good = cat(u32(s), dataObject(false, false, "label"));
        for (int n = 4; n < good.length; n++) {
            assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_CREATE_OBJECT, Arrays.copyOf(good, n), null, 4).rv(), "length " + n);
        }
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_CREATE_OBJECT, cat(good, new byte[1]), null, 4).rv());
        for (int at : new int[] {4, 16, 28}) { // attrs_size, the first and the second record's size
            for (int v : new int[] {-1, -8, 0x7FFFFFFF, 1 << 20}) {
                byte[] bad = good.clone();
                Template.putU32(bad, at, v);
                assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_CREATE_OBJECT, bad, null, 4).rv(), "offset " + at);
            }
        }
        assertEquals(0, find(s, attrs()).length);
        assertEquals(Ck.CKR_OK, c.call(Ck.CMD_CREATE_OBJECT, good, null, 4).rv());
    }

    @Test
    void find_usesTheTemplate_visibilityAndPrivacy() throws Exception {
        int s = c.openSession(SLOT, true);
        assertEquals(Ck.CKR_OK, c.login(s, Ck.CKU_USER, P11Client.USER_PIN));
        for (boolean token : new boolean[] {false, true}) {
            for (boolean priv : new boolean[] {false, true}) {
                assertEquals(Ck.CKR_OK, c.create(s, dataObject(token, priv, "find me")).rv());
            }
        }
        assertEquals(4, find(s, attrs(Ck.CKA_LABEL, text("find me"))).length);
        assertEquals(2, find(s, attrs(Ck.CKA_TOKEN, TRUE)).length);
        assertEquals(0, find(s, attrs(Ck.CKA_LABEL, new byte[0])).length);
        assertEquals(0, find(s, attrs(Ck.CKA_OPTEE_HIDDEN_EC_POINT, text("x"))).length);
        assertEquals(Ck.CKR_OK, c.logout(s));
        assertEquals(2, find(s, attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA))).length);
        P11Client.expect(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), attrs())));
        assertEquals(Ck.CKR_FUNCTION_FAILED, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), attrs())));
        assertEquals(1, c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 4).outSize() / 4);
        assertEquals(1, c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 4).outSize() / 4);
        assertEquals(0, c.call(Ck.CMD_FIND_OBJECTS, u32s(s), null, 4).outSize() / 4);
        assertEquals(Ck.CKR_OK, c.rv(Ck.CMD_FIND_OBJECTS_FINAL, u32s(s)));
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.rv(Ck.CMD_FIND_OBJECTS_FINAL, u32s(s)));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(s), attrs(Ck.CKA_CLASS, u32(7)))));
    }

    @Test
    void getAttributeValue_roundTrip_sizesQueriesAndPriorities() throws Exception {
        int s = c.openSession(SLOT, true);
        int h = c.create(s, dataObject(false, false, "abc")).u32(0);
        byte[] query = attrs(Ck.CKA_LABEL, new byte[0], Ck.CKA_CLASS, new byte[4], Ck.CKA_ID, new byte[8],
                Ck.CKA_VALUE, new byte[5]);
        P11Client.Result r = c.call(Ck.CMD_GET_ATTRIBUTE_VALUE, cat(u32s(s, h), query), null, query.length);
        assertEquals(Ck.CKR_ATTRIBUTE_TYPE_INVALID, r.rv()); // CKA_ID is not a data object's
        assertEquals(3, Template.u32(r.out(), 12)); // LABEL: size query
        assertEquals(4, Template.u32(r.out(), 20));
        assertEquals(Ck.CKO_DATA, Template.u32(r.out(), 24));
        assertEquals(Ck.UNAVAILABLE, Template.u32(r.out(), 32)); // ID: not a data object's
        assertEquals(0, Template.u32(r.out(), 48)); // VALUE: empty
        byte[] small = attrs(Ck.CKA_LABEL, new byte[2]);
        r = c.call(Ck.CMD_GET_ATTRIBUTE_VALUE, cat(u32s(s, h), small), null, small.length);
        assertEquals(Ck.CKR_BUFFER_TOO_SMALL, r.rv());
        assertEquals(Ck.UNAVAILABLE, Template.u32(r.out(), 12));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_GET_ATTRIBUTE_VALUE, cat(u32s(s, h), small), null,
                small.length - 1).rv());
        byte[] label = attrs(Ck.CKA_LABEL, new byte[8]);
        r = c.call(Ck.CMD_GET_ATTRIBUTE_VALUE, cat(u32s(s, h), label), null, label.length);
        assertEquals(Ck.CKR_OK, r.rv());
        assertArrayEquals(text("abc"), Arrays.copyOfRange(r.out(), 16, 19));
    }

    @Test
    void setAttributeValue_readOnlyAndAbsentAttributes() throws Exception {
        int s = c.openSession(SLOT, true);
        int h = c.create(s, dataObject(false, false, "old")).u32(0);
        assertEquals(Ck.CKR_OK, c.rv(Ck.CMD_SET_ATTRIBUTE_VALUE, cat(u32s(s, h), attrs(Ck.CKA_LABEL, text("new")))));
        assertEquals(1, find(s, attrs(Ck.CKA_LABEL, text("new"))).length);
        assertEquals(0, find(s, attrs(Ck.CKA_LABEL, text("old"))).length);
        assertEquals(Ck.CKR_ATTRIBUTE_READ_ONLY, c.rv(Ck.CMD_SET_ATTRIBUTE_VALUE,
                cat(u32s(s, h), attrs(Ck.CKA_CLASS, u32(Ck.CKO_DATA)))));
        assertEquals(Ck.CKR_ATTRIBUTE_READ_ONLY, c.rv(Ck.CMD_SET_ATTRIBUTE_VALUE, cat(u32s(s, h), attrs(Ck.CKA_TOKEN, TRUE))));
        assertEquals(Ck.CKR_ATTRIBUTE_TYPE_INVALID, c.rv(Ck.CMD_SET_ATTRIBUTE_VALUE, cat(u32s(s, h), attrs(Ck.CKA_ID, text("i")))));
        int copy = c.call(Ck.CMD_COPY_OBJECT, cat(u32s(s, h), attrs(Ck.CKA_TOKEN, TRUE)), null, 4).u32(0);
        assertNotEquals(h, copy);
        assertEquals(1, find(s, attrs(Ck.CKA_TOKEN, TRUE)).length);
        assertEquals(Ck.CKR_ATTRIBUTE_READ_ONLY, c.rv(Ck.CMD_SET_ATTRIBUTE_VALUE,
                cat(u32s(s, copy), attrs(Ck.CKA_MODIFIABLE, FALSE))));
    }

    @Test
    void objectHandles_ofAnotherClientOrDestroyedElsewhere_areInvalid() throws Exception {
        int s = c.openSession(SLOT, true);
        int h = c.create(s, dataObject(true, false, "shared")).u32(0);
        int session = c.create(s, dataObject(false, false, "mine")).u32(0);
        try (P11Client other = Pkcs11Tee.shared().client()) {
            int os = other.openSession(SLOT, true);
            assertEquals(Ck.CKR_OBJECT_HANDLE_INVALID, other.rv(Ck.CMD_DESTROY_OBJECT, u32s(os, session)));
            P11Client.expect(Ck.CKR_OK, other.rv(Ck.CMD_FIND_OBJECTS_INIT, cat(u32(os), attrs(Ck.CKA_LABEL, text("shared")))));
            P11Client.Result r = other.call(Ck.CMD_FIND_OBJECTS, u32s(os), null, 16);
            assertEquals(4, r.outSize());
            assertEquals(Ck.CKR_OK, other.rv(Ck.CMD_DESTROY_OBJECT, u32s(os, r.u32(0))));
        }
        assertEquals(Ck.CKR_OBJECT_HANDLE_INVALID, c.call(Ck.CMD_GET_OBJECT_SIZE, u32s(s, h), null, 4).rv());
        int next = c.create(s, dataObject(false, false, "new")).u32(0);
        assertNotEquals(h, next); // a handle killed by another client is not reused
    }

    @Test
    void operationsInTheWrongState_areRefused() throws Exception {
        int s = c.openSession(SLOT, true);
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.call(Ck.CMD_ENCRYPT_UPDATE, u32s(s), new byte[16], 16).rv());
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.call(Ck.CMD_DIGEST_FINAL, u32s(s), null, 32).rv());
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.rv(Ck.CMD_RELEASE_ACTIVE_PROCESSING, u32s(s, Ck.CMD_SIGN_FINAL)));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.rv(Ck.CMD_RELEASE_ACTIVE_PROCESSING, u32s(s, Ck.CMD_PING)));
        assertEquals(Ck.CKR_KEY_HANDLE_INVALID, c.rv(Ck.CMD_ENCRYPT_INIT, cat(u32s(s, 77), P11Client.mech(Ck.CKM_AES_ECB, new byte[0]))));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.rv(Ck.CMD_ENCRYPT_INIT, cat(u32s(s, 77), u32s(Ck.CKM_AES_CBC, 16), new byte[15])));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.rv(Ck.CMD_ENCRYPT_INIT, cat(u32s(s, 77), u32s(Ck.CKM_AES_CBC, -1))));
    }
}
