package org.jtee.tas.pkcs11;

import static org.jtee.tas.pkcs11.P11Client.cat;
import static org.jtee.tas.pkcs11.P11Client.u32s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transport, slots, tokens and sessions, through a real core (the first slot is this class's). */
class TokenAndSessionTest {
    private static final int SLOT = 0;
    private P11Client c;

    @BeforeEach
    void connect() throws Exception {
        c = Pkcs11Tee.shared().client();
    }

    @AfterEach
    void disconnect() {
        c.close();
    }

    @Test
    void ping_answersVersion100_withP0OfFourBytes() throws Exception {
        P11Client.Result r = c.call(Ck.CMD_PING, new byte[4], null, 12);
        assertEquals(Ck.CKR_OK, r.rv());
        assertEquals(12, r.outSize());
        assertEquals(1, r.u32(0));
        assertEquals(0, r.u32(1));
        assertEquals(0, r.u32(2));
    }

    @Test
    void unknownCommand_isNotSupported() {
        TeeException e = assertThrows(TeeException.class, () -> c.call(99, new byte[4], null, -1));
        assertEquals(TeeResult.NOT_SUPPORTED, e.result());
    }

    @Test
    void controlBufferShorterThan4_isBadParameters() {
        TeeException e = assertThrows(TeeException.class, () -> c.call(Ck.CMD_PING, new byte[3], null, 12));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
    }

    @Test
    void slotList_sizeQueryAndShortBuffer() throws Exception {
        P11Client.Result r = c.call(Ck.CMD_SLOT_LIST, new byte[4], null, 0);
        assertEquals(Ck.CKR_BUFFER_TOO_SMALL, r.rv());
        assertEquals(12, r.outSize());
        r = c.call(Ck.CMD_SLOT_LIST, new byte[4], null, 12);
        assertEquals(Ck.CKR_OK, r.rv());
        assertEquals(2, r.u32(2));
    }

    @Test
    void slotAndTokenInfo_fixedSizesAndInvalidSlot() throws Exception {
        assertEquals(Ck.CKR_OK, c.call(Ck.CMD_SLOT_INFO, u32s(SLOT), null, 104).rv());
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_SLOT_INFO, u32s(SLOT), null, 103).rv());
        assertEquals(Ck.CKR_SLOT_ID_INVALID, c.call(Ck.CMD_SLOT_INFO, u32s(3), null, 104).rv());
        assertEquals(Ck.CKR_SLOT_ID_INVALID, c.call(Ck.CMD_TOKEN_INFO, u32s(-1), null, 160).rv());
        P11Client.Result r = c.call(Ck.CMD_TOKEN_INFO, u32s(SLOT), null, 160);
        assertEquals(Ck.CKR_OK, r.rv());
        assertEquals(Ck.UNAVAILABLE, r.u32(25)); // ulMaxSessionCount at 100
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_TOKEN_INFO, u32s(SLOT, 0), null, 160).rv());
    }

    @Test
    void openSession_withoutSerial_isParallelNotSupported() throws Exception {
        assertEquals(Ck.CKR_SESSION_PARALLEL_NOT_SUPPORTED, c.call(Ck.CMD_OPEN_SESSION, u32s(SLOT, 0), null, 4).rv());
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_OPEN_SESSION, u32s(SLOT, 0x4 | 0x8), null, 4).rv());
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_OPEN_SESSION, u32s(SLOT, 0x4), null, 8).rv());
    }

    @Test
    void sessions_getLowestFreeHandles_andInfoSaysTheirState() throws Exception {
        int a = c.openSession(SLOT, false);
        int b = c.openSession(SLOT, true);
        assertEquals(1, a);
        assertEquals(2, b);
        P11Client.Result info = c.call(Ck.CMD_SESSION_INFO, u32s(b), null, 16);
        assertEquals(Ck.CKS_RW_PUBLIC_SESSION, info.u32(1));
        assertEquals(Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION, info.u32(2));
        assertEquals(Ck.CKR_OK, c.closeSession(a));
        assertEquals(Ck.CKR_SESSION_HANDLE_INVALID, c.closeSession(a));
        assertEquals(Ck.CKR_SESSION_HANDLE_INVALID, c.closeSession(0));
        assertEquals(Ck.CKR_SESSION_HANDLE_INVALID, c.closeSession(-1));
        assertEquals(1, c.openSession(SLOT, false));
        assertEquals(Ck.CKR_OK, c.rv(Ck.CMD_CLOSE_ALL_SESSIONS, u32s(SLOT)));
        assertEquals(Ck.CKR_SESSION_HANDLE_INVALID, c.closeSession(b));
    }

    @Test
    void sessionHandles_areThisClientsOnly() throws Exception {
        int mine = c.openSession(SLOT, true);
        try (P11Client other = Pkcs11Tee.shared().client()) {
            assertEquals(Ck.CKR_SESSION_HANDLE_INVALID, other.call(Ck.CMD_SESSION_INFO, u32s(mine + 5), null, 16).rv());
            int theirs = other.openSession(SLOT, true);
            assertEquals(mine, theirs); // each client's table starts at 1
        }
        assertEquals(Ck.CKR_OK, c.closeSession(mine));
    }

    @Test
    void random_fillsTheBuffer_andNeedsASession() throws Exception {
        int s = c.openSession(SLOT, false);
        P11Client.Result r = c.call(Ck.CMD_GENERATE_RANDOM, u32s(s), null, 61);
        assertEquals(Ck.CKR_OK, r.rv());
        assertEquals(61, r.outSize());
        assertEquals(Ck.CKR_OK, c.call(Ck.CMD_GENERATE_RANDOM, u32s(s), null, 0).rv());
        assertEquals(Ck.CKR_OK, c.call(Ck.CMD_SEED_RANDOM, u32s(s), new byte[64], -1).rv());
        assertEquals(Ck.CKR_SESSION_HANDLE_INVALID, c.call(Ck.CMD_GENERATE_RANDOM, u32s(s + 1), null, 8).rv());
        assertEquals(Ck.CKR_ARGUMENTS_BAD, c.call(Ck.CMD_GENERATE_RANDOM, cat(u32s(s), new byte[1]), null, 8).rv());
        c.closeSession(s);
    }
}
