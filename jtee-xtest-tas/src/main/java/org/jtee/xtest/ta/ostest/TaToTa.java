package org.jtee.xtest.ta.ostest;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.Tee;
import org.jtee.xtest.ta.common.XtestTaUuids;

/** The TA-to-TA commands: with a timeout, into crypt, and memory references between instances of os_test. */
final class TaToTa {
    private static final UUID CRYPT = UUID.fromString(XtestTaUuids.CRYPT);
    /** crypt's SHA-256 command. */
    private static final int CRYPT_CMD_SHA256 = 2;
    private static final byte[] SHA256_ABC =
            HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    private static final int N = OsTestContract.TA2TA_BUFFER_BYTES;

    private TaToTa() {}

    /**
     * CLIENT_WITH_TIMEOUT: WAIT in another instance of os_test, for [0].a ms, with a cancellation
     * timeout of half that: the callee's wait must end cancelled.
     */
    static void clientWithTimeout(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, NONE, NONE, NONE);
        try (TaSession self = call.openTaSession(OsTestTa.SELF, Tee.TIMEOUT_INFINITE, Parameters.none())) {
            long timeout = Integer.toUnsignedLong(params.value(0).a()) / 2;
            try {
                self.invoke(timeout, OsTestContract.CMD_WAIT, params);
            } catch (TeeException e) {
                if (e.result() == TeeResult.CANCEL && e.origin() == ReturnOrigin.TRUSTED_APP) {
                    return;
                }
                throw new TeeException(TeeResult.GENERIC, "WAIT ended with " + e.getMessage() + ", not cancelled");
            }
            throw new TeeException(TeeResult.GENERIC, "WAIT was not cancelled after " + timeout + " ms");
        }
    }

    /** CLIENT: crypt's SHA-256 of "abc", from a copy on the heap into a local buffer. */
    static void client(CallContext call) throws TeeException {
        byte[] in = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII).clone();
        byte[] out = new byte[32];
        try (TaSession crypt = call.openTaSession(CRYPT, Tee.TIMEOUT_INFINITE, Parameters.none())) {
            crypt.invoke(Tee.TIMEOUT_INFINITE, CRYPT_CMD_SHA256, new Parameters(
                    new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(in), false),
                    new MemoryReference(MEMREF_OUTPUT, MemorySegment.ofArray(out), false), null, null));
        }
        if (!MessageDigest.isEqual(SHA256_ABC, out)) {
            throw new TeeException(TeeResult.GENERIC, "crypt's SHA-256 of \"abc\" is wrong");
        }
    }

    /**
     * TA2TA_MEMREF: three local buffers through two TA2TA_MEMREF_MIX calls in another instance,
     * the buffers changed in between: in 5 → 6, inout 10 → 11 → 12 → 13, out 16 → 17 → 19.
     */
    static void memrefs(CallContext call, Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        byte[] in = filled(5);
        byte[] inout = filled(10);
        byte[] out = filled(0);
        Parameters mix = new Parameters(
                new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(in), false),
                new MemoryReference(MEMREF_INOUT, MemorySegment.ofArray(inout), false),
                new MemoryReference(MEMREF_OUTPUT, MemorySegment.ofArray(out), false), null);
        try (TaSession self = call.openTaSession(OsTestTa.SELF, Tee.TIMEOUT_INFINITE, Parameters.none())) {
            self.invoke(Tee.TIMEOUT_INFINITE, OsTestContract.CMD_TA2TA_MEMREF_MIX, mix);
            for (byte[] b : new byte[][] {in, inout, out}) {
                for (int i = 0; i < N; i++) {
                    b[i]++;
                }
            }
            self.invoke(Tee.TIMEOUT_INFINITE, OsTestContract.CMD_TA2TA_MEMREF_MIX, mix);
        }
        if (!Arrays.equals(in, filled(6)) || !Arrays.equals(inout, filled(13)) || !Arrays.equals(out, filled(19))) {
            throw new TeeException(TeeResult.GENERIC, "unexpected values in the buffers");
        }
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[N];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** TA2TA_MEMREF_MIX: out[i] = ++inout[i] + in[i], over three buffers of one size. */
    static void mix(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INOUT, MEMREF_OUTPUT, NONE);
        long size = params.memref(0).size();
        if (params.memref(1).size() != size || params.memref(2).size() != size) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "the three buffers differ in size");
        }
        MemorySegment in = params.memref(0).buffer();
        MemorySegment inout = params.memref(1).buffer();
        MemorySegment out = params.memref(2).buffer();
        for (long i = 0; i < size; i++) {
            byte incremented = (byte) (inout.get(ValueLayout.JAVA_BYTE, i) + 1);
            inout.set(ValueLayout.JAVA_BYTE, i, incremented);
            out.set(ValueLayout.JAVA_BYTE, i, (byte) (incremented + in.get(ValueLayout.JAVA_BYTE, i)));
        }
    }

    /** TA2TA_MEMREF_SIZE0: three empty, non-NULL references, passed on to TA2TA_MEMREF_MIX in another instance. */
    static void emptyMemrefs(CallContext call, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INOUT, MEMREF_OUTPUT, NONE);
        for (int i = 0; i < 3; i++) {
            if (params.memref(i).isNull() || params.memref(i).size() != 0) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, "parameter " + i + " is NULL or not empty");
            }
        }
        try (TaSession self = call.openTaSession(OsTestTa.SELF, Tee.TIMEOUT_INFINITE, Parameters.none())) {
            self.invoke(Tee.TIMEOUT_INFINITE, OsTestContract.CMD_TA2TA_MEMREF_MIX, params);
        }
    }
}
