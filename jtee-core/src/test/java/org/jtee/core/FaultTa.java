package org.jtee.core;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaSession;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/** A dynamic TA that fails in every way a TA can, on request; multi instance. */
@Ta(uuid = FaultTa.UUID_STRING, version = "1.0", description = "fault matrix")
public final class FaultTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "f0f0f0f0-0000-4000-8000-000000000001";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_INC = 0;
    public static final int CMD_REVERSE = 1;
    public static final int CMD_PANIC = 2;
    public static final int CMD_THROW = 3;
    public static final int CMD_EXIT = 4;
    public static final int CMD_OOM = 5;
    public static final int CMD_STACK_OVERFLOW = 6;
    public static final int CMD_SPIN = 7;
    public static final int CMD_WAIT = 8;
    public static final int CMD_READ_FILE = 9;
    public static final int CMD_PID = 10;
    public static final int CMD_CALL_KEEPER = 11;
    public static final int CMD_SHORT = 12;
    public static final int CMD_POLL_CANCEL = 13;
    public static final int CMD_RECURSE = 14;
    public static final int CMD_NESTED_WAIT = 15;
    public static final int CMD_GARBAGE = 16;
    public static final int CMD_SLEEP = 17;
    public static final int CMD_NATIVE = 18;
    /**
     * p0 memref, p1 VALUE_INOUT: waits p1.a ms, then reads every byte of p0 (sum into p1.b) and,
     * if p0 is an output, writes byte i = i + 1 into all of it.
     */
    public static final int CMD_READ_LATER = 19;
    /** p0 memref: keeps the TA's view of it past the call. */
    public static final int CMD_KEEP = 20;
    /** p0 VALUE_INOUT: a = 1 if reading the view CMD_KEEP kept is refused, 0 if it can still be read. */
    public static final int CMD_READ_KEPT = 21;
    /** p0 memref, p1 VALUE_INOUT: a = access flags; b = 0 if TEE_CheckMemoryAccessRights allows them on p0, else its result. */
    public static final int CMD_CHECK_ACCESS = 22;
    /** p0 VALUE_INOUT: a = milliseconds since this TA's class was initialised in its host. */
    public static final int CMD_INITIALISED_AGO = 23;
    /**
     * p0 VALUE_INOUT: in a (seconds), b (millis) = the TA persistent time to set, unless p1.b is 1;
     * out: the time read after waiting p1.a ms (wrapped, on overflow). p1 VALUE_INOUT: out b =
     * the read's result, 0 or its error.
     */
    public static final int CMD_TA_TIME = 24;
    /**
     * Opens a session on itself and invokes CMD_SLEEP on it with a cancellation timeout. p0
     * VALUE_INOUT: in a = the timeout (ms), b = how long the callee sleeps (ms); out a = the
     * callee's result, b = its origin. p1 VALUE_INOUT: out a = 1 if this TA's own TEE_Wait
     * afterwards was cancelled.
     */
    public static final int CMD_SLEEP_WITH_TIMEOUT = 25;
    private static final long INITIALISED_AT = System.nanoTime();
    private static java.lang.foreign.MemorySegment kept;

    @Override
    public Object openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {
        switch (cmd) {
            case CMD_INC -> p.value(0).setA(p.value(0).a() + 1);
            case CMD_REVERSE -> reverse(p.memref(0));
            case CMD_PANIC -> throw Tee.panic(0xdead);
            case CMD_THROW -> throw new IllegalStateException("a bug in the TA");
            case CMD_EXIT -> System.exit(7);
            case CMD_OOM -> exhaustHeap();
            case CMD_STACK_OVERFLOW -> p.value(0).setA(recurse(0));
            case CMD_SPIN -> spin();
            case CMD_WAIT -> {
                call.unmaskCancellation();
                call.await(-1);
            }
            case CMD_READ_FILE -> p.value(1).setA(canRead(new String(p.memref(0).toByteArray(), java.nio.charset.StandardCharsets.UTF_8)) ? 1 : 0);
            case CMD_PID -> p.value(0).setA((int) ProcessHandle.current().pid());
            case CMD_CALL_KEEPER -> callKeeper(call, p);
            case CMD_SHORT -> p.memref(0).write(new byte[64]);
            case CMD_POLL_CANCEL -> {
                call.unmaskCancellation();
                while (!call.cancellationRequested()) {
                    Thread.onSpinWait();
                }
                throw new TeeException(TeeResult.CANCEL, "noticed the cancellation");
            }
            case CMD_RECURSE -> recurseThroughTas(call, p);
            case CMD_GARBAGE -> writeGarbageToTheCore();
            case CMD_NATIVE -> p.value(0).setA(callNative());
            case CMD_READ_LATER -> readLater(p);
            case CMD_TA_TIME -> taTime(call, p);
            case CMD_SLEEP_WITH_TIMEOUT -> callWithTimeout(call, p, UUID, CMD_SLEEP);
            case CMD_INITIALISED_AGO -> p.value(0).setA((int) ((System.nanoTime() - INITIALISED_AT) / 1_000_000));
            case CMD_CHECK_ACCESS -> {
                try {
                    call.checkMemoryAccessRights(p.value(1).a(), p.memref(0).buffer());
                    p.value(1).setB(0);
                } catch (TeeException e) {
                    p.value(1).setB(e.result());
                }
            }
            case CMD_KEEP -> kept = p.memref(0).buffer();
            case CMD_READ_KEPT -> {
                try {
                    kept.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
                    p.value(0).setA(0);
                } catch (IllegalStateException e) {
                    p.value(0).setA(1);
                }
            }
            case CMD_SLEEP -> {
                call.unmaskCancellation();
                call.await(p.value(0).a());
            }
            case CMD_NESTED_WAIT -> {
                try (TaSession inner = call.openTaSession(UUID, Parameters.none())) {
                    inner.invoke(CMD_WAIT, Parameters.none());
                }
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + cmd);
        }
    }

    /** {@link #CMD_SLEEP_WITH_TIMEOUT} on {@code self}'s command {@code sleep}, for the core's built-in test TAs too. */
    public static void callWithTimeout(CallContext call, Parameters p, java.util.UUID self, int sleep) throws TeeException {
        call.unmaskCancellation();
        try (TaSession callee = call.openTaSession(self, Parameters.none())) {
            Value asleep = new Value(org.jtee.common.ParamTypes.VALUE_INPUT, p.value(0).b(), 0);
            try {
                callee.invoke(Integer.toUnsignedLong(p.value(0).a()), sleep, new Parameters(asleep, null, null, null));
                p.value(0).setA(TeeResult.SUCCESS);
                p.value(0).setB(org.jtee.common.ReturnOrigin.TRUSTED_APP);
            } catch (TeeException e) {
                p.value(0).setA(e.result());
                p.value(0).setB(e.origin());
            }
        }
        try {
            call.await(20);
            p.value(1).setA(0);
        } catch (TeeException e) {
            p.value(1).setA(1);
        }
    }

    /** {@link #CMD_TA_TIME}, for the core's built-in test TAs too. */
    public static void taTime(CallContext call, Parameters p) throws TeeException {
        if (p.value(1).b() != 1) {
            call.setTaPersistentTime(new org.jtee.ta.TeeTime(Integer.toUnsignedLong(p.value(0).a()), p.value(0).b()));
        }
        call.await(p.value(1).a());
        org.jtee.ta.TeeTime t;
        try {
            t = call.taPersistentTime();
            p.value(1).setB(0);
        } catch (org.jtee.ta.TimeOverflowException e) {
            t = e.time();
            p.value(1).setB(e.result());
        } catch (TeeException e) {
            p.value(1).setB(e.result());
            return;
        }
        p.value(0).setA((int) t.seconds());
        p.value(0).setB(t.millis());
    }

    /** value[0].a levels still to go; value[0].b comes back as the depth reached. */
    private static void recurseThroughTas(CallContext call, Parameters p) throws TeeException {
        Value v = p.value(0);
        if (v.a() == 0) {
            v.setB(0);
            return;
        }
        try (TaSession next = call.openTaSession(UUID, Parameters.none())) {
            Value inner = new Value(VALUE_INOUT, v.a() - 1, 0);
            next.invoke(CMD_RECURSE, new Parameters(inner, null, null, null));
            v.setB(inner.b() + 1);
        }
    }

    /** A frame of protocol version 9 on the host's link: the core must not believe a word of it. */
    private static void writeGarbageToTheCore() {
        try {
            java.io.FileOutputStream out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
            out.write(new byte[] {12, 0, 0, 0, 9, 0x03, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
            out.flush();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** getpid(2) through the FFM API: 1 if the host let this TA call native code, 0 if not. */
    @SuppressWarnings("restricted") // the point: a TA trying
    private static int callNative() {
        try {
            java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
            java.lang.invoke.MethodHandle getpid = linker.downcallHandle(linker.defaultLookup().find("getpid").orElseThrow(),
                    java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
            return (int) getpid.invokeExact() > 0 ? 1 : 0;
        } catch (IllegalCallerException e) {
            return 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void readLater(Parameters p) throws TeeException {
        try {
            Thread.sleep(p.value(1).a());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.lang.foreign.MemorySegment m = p.memref(0).buffer();
        int sum = 0;
        for (long i = 0; i < m.byteSize(); i++) {
            sum += m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
        }
        p.value(1).setB(sum);
        if (org.jtee.common.ParamTypes.isOutput(p.memref(0).type())) {
            for (long i = 0; i < m.byteSize(); i++) {
                m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i + 1));
            }
            p.memref(0).setSize(m.byteSize());
        }
    }

    private static void reverse(MemoryReference m) {
        byte[] b = m.toByteArray();
        for (int i = 0; i < b.length / 2; i++) {
            byte t = b[i];
            b[i] = b[b.length - 1 - i];
            b[b.length - 1 - i] = t;
        }
        m.buffer().asSlice(0, b.length).copyFrom(java.lang.foreign.MemorySegment.ofArray(b));
    }

    private static void exhaustHeap() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    private static void spin() {
        long x = 0;
        while (x >= 0) {
            x++;
        }
    }

    private static boolean canRead(String path) {
        try {
            Files.readAllBytes(Path.of(path));
            return true;
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }

    /** Opens a session to the keeper, increments its counter, reports what the keeper saw of us. */
    private static void callKeeper(CallContext call, Parameters p) throws TeeException {
        p.expect(VALUE_OUTPUT, VALUE_INOUT, MEMREF_INOUT, NONE);
        try (TaSession keeper = call.openTaSession(KeeperTa.UUID, Parameters.none())) {
            Value who = new Value(VALUE_OUTPUT, 0, 0);
            keeper.invoke(KeeperTa.CMD_WHO, new Parameters(who, null, null, null));
            p.value(0).setA(who.a());
            p.value(0).setB(who.b());
            Value count = new Value(VALUE_INOUT, p.value(1).a(), 0);
            keeper.invoke(KeeperTa.CMD_ADD, new Parameters(count, null, null, null));
            p.value(1).setA(count.a());
            MemoryReference m = p.memref(2);
            MemoryReference copy = new MemoryReference(MEMREF_INOUT, java.lang.foreign.MemorySegment.ofArray(m.toByteArray()), false);
            keeper.invoke(KeeperTa.CMD_UPPER, new Parameters(copy, null, null, null));
            m.write(copy.toByteArray());
        }
    }
}
