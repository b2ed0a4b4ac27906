package org.jtee.tas.pkcs11;

import static org.jtee.tas.pkcs11.P11Client.cat;
import static org.jtee.tas.pkcs11.P11Client.mech;
import static org.jtee.tas.pkcs11.P11Client.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jtee's {@code CMD_INIT_ONESHOT}: the same result and the same operation state as an INIT
 * followed by a ONESHOT, one call instead of two.
 */
class InitOneShotTest {
    private static final int SLOT = 0;
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private P11Client c;
    private int session;

    @BeforeEach
    void open() throws Exception {
        c = Pkcs11Tee.shared().client();
        session = c.openSession(SLOT, false);
    }

    @AfterEach
    void close() throws Exception {
        c.closeSession(session);
        c.close();
    }

    private byte[] digestInitOneShot(int mechanism) {
        return cat(u32s(session, Ck.CMD_DIGEST_INIT), mech(mechanism, new byte[0]));
    }

    @Test
    void digest_givesTheOneShotsResult_andLeavesNoOperation() throws Exception {
        P11Client.Result r = c.call(Ck.CMD_INIT_ONESHOT, digestInitOneShot(Ck.CKM_SHA256), ABC, 32);
        assertEquals(Ck.CKR_OK, r.rv());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ABC), r.out());
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.call(Ck.CMD_DIGEST_ONESHOT, u32s(session), ABC, 32).rv());
    }

    @Test
    void shortBuffer_leavesTheOperationWaitingForTheOneShot() throws Exception {
        P11Client.Result r = c.call(Ck.CMD_INIT_ONESHOT, digestInitOneShot(Ck.CKM_SHA256), ABC, 0);
        assertEquals(Ck.CKR_BUFFER_TOO_SMALL, r.rv());
        assertEquals(32, r.outSize());
        r = c.call(Ck.CMD_DIGEST_ONESHOT, u32s(session), ABC, 32);
        assertEquals(Ck.CKR_OK, r.rv());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ABC), r.out());
    }

    @Test
    void failedInit_answersItsOwnStatus_andStartsNothing() throws Exception {
        assertEquals(Ck.CKR_MECHANISM_INVALID, c.call(Ck.CMD_INIT_ONESHOT, digestInitOneShot(0x7777), ABC, 32).rv());
        assertEquals(Ck.CKR_OPERATION_NOT_INITIALIZED, c.call(Ck.CMD_DIGEST_ONESHOT, u32s(session), ABC, 32).rv());
        byte[] signWithNoKey = cat(u32s(session, Ck.CMD_SIGN_INIT, 0x7fff), mech(Ck.CKM_ECDSA, new byte[0]));
        assertEquals(Ck.CKR_KEY_HANDLE_INVALID, c.call(Ck.CMD_INIT_ONESHOT, signWithNoKey, ABC, 64).rv());
    }

    @Test
    void activeOperation_isOperationActive_andStaysUsable() throws Exception {
        assertEquals(Ck.CKR_OK, c.rv(Ck.CMD_DIGEST_INIT, cat(u32s(session), mech(Ck.CKM_SHA256, new byte[0]))));
        assertEquals(Ck.CKR_OPERATION_ACTIVE, c.call(Ck.CMD_INIT_ONESHOT, digestInitOneShot(Ck.CKM_SHA256), ABC, 32).rv());
        assertEquals(Ck.CKR_OK, c.call(Ck.CMD_DIGEST_ONESHOT, u32s(session), ABC, 32).rv());
    }

    @Test
    void notAnInitCommand_isArgumentsBad() throws Exception {
        byte[] ctrl = cat(u32s(session, Ck.CMD_DIGEST_UPDATE), mech(Ck.CKM_SHA256, new byte[0]));
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_INIT_ONESHOT, ctrl, ABC, 32).rv());
        byte[] truncated = u32s(session, Ck.CMD_DIGEST_INIT);
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_INIT_ONESHOT, truncated, ABC, 32).rv());
    }
}
