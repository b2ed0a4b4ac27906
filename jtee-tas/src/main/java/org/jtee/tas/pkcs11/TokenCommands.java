package org.jtee.tas.pkcs11;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.ta.MemoryReference;
import org.jtee.tas.pkcs11.mech.Mechanisms;

/**
 * PING and the slot, token and mechanism queries (optee-pkcs11-ta-abi.md §3.2.1, §4.7).
 *
 * <pre>
 * slot_info (104):  [64] description  [32] manufacturer  u32 flags  u8 hw major, minor  u8 fw major, minor
 * token_info (160): [32] label  [32] manufacturer  [16] model  [16] serial  u32 flags
 *                   u32 max sessions, sessions, max R/W sessions, R/W sessions, max PIN, min PIN,
 *                   total/free public memory, total/free private memory
 *                   u8 hw major, minor  u8 fw major, minor  [16] UTC time (zero)
 * mechanism_info (12): u32 min key size, u32 max key size, u32 flags
 * </pre>
 */
final class TokenCommands {
    private TokenCommands() {}

    static final int SLOT_INFO_BYTES = 104;
    static final int TOKEN_INFO_BYTES = 160;
    private static final String MANUFACTURER = "Linaro";

    static void ping(Commands cx, byte[] ctrl) throws CkException {
        exactly4(ctrl);
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 12);
        Io.writeFixed(out, Io.u32s(Pkcs11Ta.VERSION_MAJOR, Pkcs11Ta.VERSION_MINOR, Pkcs11Ta.VERSION_PATCH));
    }

    static void slotList(Commands cx, byte[] ctrl) throws CkException {
        exactly4(ctrl);
        Io.expect(cx.params, Io.NONE, Io.OUT);
        int[] ids = new int[cx.state.tokens.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        writeList(Io.output(cx.params), Io.u32s(ids));
    }

    /** A list whose room the client may query with a NULL buffer (then OK) or a short one (BUFFER_TOO_SMALL). */
    private static void writeList(MemoryReference out, byte[] list) throws CkException {
        if (out.capacity() < list.length && out.isNull()) {
            out.setSize(list.length);
            return;
        }
        Io.writeVariable(out, list);
    }

    static void slotInfo(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, SLOT_INFO_BYTES);
        int slot = a.u32();
        a.done();
        cx.state.token(slot);
        byte[] b = new byte[SLOT_INFO_BYTES];
        blank(b, 0, 64, slotDescription(cx));
        blank(b, 64, 32, MANUFACTURER);
        Template.putU32(b, 96, Ck.CKF_TOKEN_PRESENT);
        b[102] = Pkcs11Ta.VERSION_MAJOR;
        b[103] = Pkcs11Ta.VERSION_MINOR;
        Io.writeFixed(out, b);
    }

    private static String slotDescription(Commands cx) {
        try {
            return "OP-TEE PKCS11 TA - TEE UUID " + cx.call.teeProperties().getUuid("gpd.tee.deviceID");
        } catch (TeeException | RuntimeException e) {
            return "OP-TEE PKCS11 TA - No TEE UUID";
        }
    }

    static void tokenInfo(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, TOKEN_INFO_BYTES);
        int slot = a.u32();
        a.done();
        Token t = cx.state.token(slot);
        byte[] b = new byte[TOKEN_INFO_BYTES];
        System.arraycopy(t.label, 0, b, 0, 32);
        blank(b, 32, 32, MANUFACTURER);
        blank(b, 64, 16, "OP-TEE TA");
        blank(b, 80, 16, String.format("%016d", t.index));
        int[] words = {t.flags, Ck.UNAVAILABLE, t.sessionCount, Ck.UNAVAILABLE, t.rwSessionCount, Limits.MAX_PIN_BYTES,
            Limits.MIN_PIN_BYTES, Ck.UNAVAILABLE, Ck.UNAVAILABLE, Ck.UNAVAILABLE, Ck.UNAVAILABLE};
        for (int i = 0; i < words.length; i++) {
            Template.putU32(b, 96 + 4 * i, words[i]);
        }
        b[142] = Pkcs11Ta.VERSION_MAJOR;
        b[143] = Pkcs11Ta.VERSION_MINOR;
        Io.writeFixed(out, b);
    }

    static void mechanismIds(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        int slot = a.u32();
        a.done();
        cx.state.token(slot);
        writeList(Io.output(cx.params), Io.u32s(Mechanisms.ids()));
    }

    static void mechanismInfo(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 12);
        int slot = a.u32();
        int mechanism = a.u32();
        a.done();
        cx.state.token(slot);
        Mechanisms.Info info = Mechanisms.info(mechanism);
        if (info == null) {
            throw new CkException(Ck.CKR_MECHANISM_INVALID, "mechanism 0x" + Integer.toHexString(mechanism));
        }
        Io.writeFixed(out, Io.u32s(info.minKeySize(), info.maxKeySize(), info.flags()));
    }

    private static void exactly4(byte[] ctrl) throws CkException {
        if (ctrl.length != 4) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "control buffer of " + ctrl.length + " bytes, 4 expected");
        }
    }

    /** {@code text}, blank padded (or cut) to {@code len} bytes at {@code off}. */
    static void blank(byte[] b, int off, int len, String text) {
        Arrays.fill(b, off, off + len, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, off, Math.min(len, t.length));
    }
}
