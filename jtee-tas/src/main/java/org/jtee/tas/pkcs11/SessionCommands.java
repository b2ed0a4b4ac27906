package org.jtee.tas.pkcs11;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Tee;

/**
 * Opening, closing and describing sessions (optee-pkcs11-ta-abi.md §3.2.2) and the random
 * number commands (§3.2.9).
 */
final class SessionCommands {
    private SessionCommands() {}

    static void open(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 4);
        int slot = a.u32();
        int flags = a.u32();
        a.done();
        Token t = cx.state.token(slot);
        if ((flags & Ck.CKF_SERIAL_SESSION) == 0) {
            throw new CkException(Ck.CKR_SESSION_PARALLEL_NOT_SUPPORTED, "no CKF_SERIAL_SESSION");
        }
        if ((flags & ~(Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION)) != 0) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "session flags 0x" + Integer.toHexString(flags));
        }
        boolean rw = (flags & Ck.CKF_RW_SESSION) != 0;
        Client c = cx.client;
        if (!rw && c.hasSoSession()) {
            throw new CkException(Ck.CKR_SESSION_READ_WRITE_SO_EXISTS, "the client has an SO session");
        }
        if (c.sessions.full() || t.sessionCount >= Limits.MAX_SESSIONS_PER_TOKEN) {
            throw new CkException(Ck.CKR_SESSION_COUNT, "too many sessions");
        }
        int handle = c.sessions.add(new Session(c.sessions.peek(), c, t, rw));
        t.sessionCount++;
        if (rw) {
            t.rwSessionCount++;
        }
        Io.writeFixed(out, Io.u32s(handle));
    }

    static void close(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        a.done();
        cx.state.close(s);
    }

    static void closeAll(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        int slot = a.u32();
        a.done();
        Token t = cx.state.token(slot);
        for (Session s : cx.client.sessionsOn(t)) {
            cx.state.close(s);
        }
    }

    static void info(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        MemoryReference out = Io.fixed(cx.params, 16);
        Session s = cx.session(a);
        a.done();
        int flags = Ck.CKF_SERIAL_SESSION | (s.rw ? Ck.CKF_RW_SESSION : 0);
        Io.writeFixed(out, Io.u32s(s.token.index, s.state(), flags, 0));
    }

    /** SEED_RANDOM: the TEE's generator needs no seed; the bytes are accepted and dropped. */
    static void seedRandom(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.IN, Io.NONE);
        cx.session(a);
        a.done();
    }

    /** GENERATE_RANDOM fills the whole of p2, in parts of 64 KiB. */
    static void generateRandom(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.OUT);
        cx.session(a);
        a.done();
        MemoryReference out = Io.output(cx.params);
        MemorySegment buf = out.buffer();
        byte[] part = new byte[(int) Math.min(65536, buf.byteSize())];
        for (long at = 0; at < buf.byteSize(); at += part.length) {
            int n = (int) Math.min(part.length, buf.byteSize() - at);
            Tee.generateRandom(part);
            MemorySegment.copy(MemorySegment.ofArray(part), 0, buf, at, n);
        }
        Arrays.fill(part, (byte) 0);
        out.setSize(buf.byteSize());
    }
}
