package org.jtee.tas.pkcs11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.jtee.client.Operation;
import org.jtee.client.Parameter;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The test side of the TA ABI: a client (one GP session to the TA) that encodes control
 * buffers, templates and mechanisms as libckteec does, calls the TA through jtee's Java client,
 * and decodes the status word. {@link #call} is the raw form every test of bad input uses.
 */
final class P11Client implements AutoCloseable {
    static final UUID TA = UUID.fromString(Pkcs11Ta.UUID);
    static final byte[] SO_PIN = "12345678".getBytes(StandardCharsets.US_ASCII);
    static final byte[] USER_PIN = "12345".getBytes(StandardCharsets.US_ASCII);

    /** What a command returned: the status word, p2's returned size and bytes (null if none). */
    record Result(int rv, long outSize, byte[] out) {
        int u32(int index) {
            return Template.u32(out, 4 * index);
        }
    }

    private final TeeContext context;
    private final TeeSession session;

    private P11Client(TeeContext context, TeeSession session) {
        this.context = context;
        this.session = session;
    }

    static P11Client open(Path socket) throws TeeException {
        TeeContext c = TeeContext.open(socket);
        return new P11Client(c, c.openSession(TA, LoginMethod.PUBLIC, null));
    }

    /**
     * Invokes {@code cmd} with control buffer {@code ctrl} (INOUT), p1 {@code in} (input, null =
     * NONE) and a p2 output of {@code outSize} bytes (negative = NONE).
     */
    Result call(int cmd, byte[] ctrl, byte[] in, int outSize) throws TeeException {
        TempMemory p0 = TempMemory.inout(ctrl.clone());
        TempMemory p1 = in == null ? null : TempMemory.input(in);
        TempMemory p2 = outSize < 0 ? null : TempMemory.output(outSize);
        return invoke(cmd, Operation.of(p0, p1, p2), p0, p2);
    }

    /** As {@link #call} with p2 an input (VERIFY_FINAL / VERIFY_ONESHOT's signature). */
    Result callWithInput2(int cmd, byte[] ctrl, byte[] in, byte[] in2) throws TeeException {
        TempMemory p0 = TempMemory.inout(ctrl.clone());
        Parameter p1 = in == null ? null : TempMemory.input(in);
        return invoke(cmd, Operation.of(p0, p1, TempMemory.input(in2)), p0, null);
    }

    /** Raw invocation with the given parameters; p0 must be the first. */
    Result invoke(int cmd, Operation op, TempMemory p0, TempMemory p2) throws TeeException {
        int rv;
        try {
            session.invokeCommand(cmd, op);
            if (p0.size() != 4) {
                throw new AssertionError("p0 came back with " + p0.size() + " bytes, not 4");
            }
            rv = Template.u32(p0.buffer(), 0);
        } catch (TeeException e) {
            if (e.result() != TeeResult.SHORT_BUFFER) {
                throw e;
            }
            rv = Ck.CKR_BUFFER_TOO_SMALL;
        }
        return p2 == null ? new Result(rv, -1, null) : new Result(rv, p2.size(), p2.data());
    }

    /** The status of a command, failing the test on any other TEE result. */
    int rv(int cmd, byte[] ctrl) throws TeeException {
        return call(cmd, ctrl, null, -1).rv();
    }

    @Override
    public void close() {
        session.close();
        context.close();
    }

    // --- encoders ---

    static byte[] u32s(int... values) {
        return Io.u32s(values);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A template of (type, value) pairs: {@code attrs(CKA_CLASS, u32(4), CKA_TOKEN, TRUE, ...)}. */
    static byte[] attrs(Object... pairs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] v = (byte[]) pairs[i + 1];
            body.writeBytes(u32s((Integer) pairs[i], v.length));
            body.writeBytes(v);
        }
        return cat(u32s(body.size(), pairs.length / 2), body.toByteArray());
    }

    static byte[] mech(int id, byte[] params) {
        return cat(u32s(id, params.length), params);
    }

    static byte[] u32(int v) {
        return u32s(v);
    }

    static final byte[] TRUE = {1};
    static final byte[] FALSE = {0};

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] label(String s) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) ' ');
        byte[] t = text(s);
        System.arraycopy(t, 0, b, 0, t.length);
        return b;
    }

    // --- common flows ---

    int openSession(int slot, boolean rw) throws TeeException {
        Result r = call(Ck.CMD_OPEN_SESSION, u32s(slot, Ck.CKF_SERIAL_SESSION | (rw ? Ck.CKF_RW_SESSION : 0)), null, 4);
        if (r.rv() != Ck.CKR_OK) {
            throw new AssertionError("OPEN_SESSION: 0x" + Integer.toHexString(r.rv()));
        }
        return r.u32(0);
    }

    int initToken(int slot, byte[] soPin, String label) throws TeeException {
        return rv(Ck.CMD_INIT_TOKEN, cat(u32s(slot, soPin.length), label(label), soPin));
    }

    int login(int session, int userType, byte[] pin) throws TeeException {
        return rv(Ck.CMD_LOGIN, cat(u32s(session, userType, pin.length), pin));
    }

    int logout(int session) throws TeeException {
        return rv(Ck.CMD_LOGOUT, u32s(session));
    }

    int initPin(int session, byte[] pin) throws TeeException {
        return rv(Ck.CMD_INIT_PIN, cat(u32s(session, pin.length), pin));
    }

    int closeSession(int session) throws TeeException {
        return rv(Ck.CMD_CLOSE_SESSION, u32s(session));
    }

    /** Initialises {@code slot} with the test PINs (SO "12345678", user "12345"). */
    void freshToken(int slot) throws TeeException {
        expect(Ck.CKR_OK, initToken(slot, SO_PIN, "PKCS11 TA test token"));
        int s = openSession(slot, true);
        expect(Ck.CKR_OK, login(s, Ck.CKU_SO, SO_PIN));
        expect(Ck.CKR_OK, initPin(s, USER_PIN));
        expect(Ck.CKR_OK, closeSession(s));
    }

    Result create(int session, byte[] template) throws TeeException {
        return call(Ck.CMD_CREATE_OBJECT, cat(u32(session), template), null, 4);
    }

    static void expect(int rv, int got) {
        if (rv != got) {
            throw new AssertionError("expected 0x" + Integer.toHexString(rv) + ", got 0x" + Integer.toHexString(got));
        }
    }
}
