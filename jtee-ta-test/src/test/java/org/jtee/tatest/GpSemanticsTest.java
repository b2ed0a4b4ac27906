package org.jtee.tatest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.tatest.tas.CalleeTa;
import org.jtee.tatest.tas.CallerTa;
import org.jtee.tatest.tas.GpTas;
import org.jtee.tatest.tas.LoneTa;
import org.jtee.tatest.tas.PanicTa;
import org.jtee.tatest.tas.ParamsTa;
import org.jtee.tatest.tas.PerSessionTa;
import org.jtee.tatest.tas.PropsTa;
import org.jtee.tatest.tas.SharedKeptTa;
import org.jtee.tatest.tas.SharedTa;
import org.jtee.tatest.tas.StoreTa;
import org.jtee.tatest.tas.WaiterTa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * GP semantics as a TA and its client see them, one behaviour per test: the acceptance test of
 * {@link TeeTest}. {@link BothTargetsTest} runs it in-process and against a core with real TA
 * hosts, and compares what each test saw ({@link #OBSERVED}): the results must be identical.
 * Every test closes its sessions itself, so no instance outlives it by accident; the keep-alive
 * TA's state outlives everything, so what is seen of it is relative.
 */
@TeeTest(tas = {SharedKeptTa.class, SharedTa.class, LoneTa.class, PerSessionTa.class, ParamsTa.class, PropsTa.class,
        PanicTa.class, CallerTa.class, CalleeTa.class, WaiterTa.class, StoreTa.class})
class GpSemanticsTest {
    /** What each test saw ("name=value" in order), by target ({@link TestTee.Mode#value()}), then by test method. */
    static final Map<String, Map<String, List<String>>> OBSERVED = new ConcurrentHashMap<>();

    /** How long a test waits for something that should happen at once: generous, for a loaded machine. */
    private static final long PATIENCE_SECONDS = 60;

    private TeeContext tee;
    private List<String> seen;

    @BeforeEach
    void observe(TeeContext tee, TestTee target, TestInfo test) {
        this.tee = tee;
        this.seen = java.util.Collections.synchronizedList(new ArrayList<>());
        OBSERVED.computeIfAbsent(target.mode().value(), k -> new ConcurrentSkipListMap<>())
                .put(test.getTestMethod().orElseThrow().getName(), seen);
    }

    @Test
    void singleInstance_sharesItsStateAcrossSessions() throws Exception {
        try (TeeSession a = open(GpTas.SHARED); TeeSession b = open(GpTas.SHARED)) {
            int first = value(a, GpTas.COUNT_INSTANCE);
            int second = value(b, GpTas.COUNT_INSTANCE);
            see("first session's count", first);
            see("second session's count", second);
            assertEquals(first + 1, second);
        }
    }

    @Test
    void multiInstance_givesEachSessionAnInstanceOfItsOwn() throws Exception {
        try (TeeSession a = open(GpTas.PER_SESSION); TeeSession b = open(GpTas.PER_SESSION)) {
            see("a", value(a, GpTas.COUNT_INSTANCE));
            see("a again", value(a, GpTas.COUNT_INSTANCE));
            int b1 = value(b, GpTas.COUNT_INSTANCE);
            see("b", b1);
            assertEquals(1, b1);
        }
    }

    @Test
    void singleSession_refusesASecondSessionWithBusy() throws Exception {
        try (TeeSession a = open(GpTas.LONE)) {
            see("a", value(a, GpTas.COUNT_INSTANCE));
            String second = outcome(() -> open(GpTas.LONE).close());
            see("second open", second);
            assertEquals("TEE_ERROR_BUSY/TEE", second);
        }
        try (TeeSession c = open(GpTas.LONE)) {
            see("after the first closed, a new instance", value(c, GpTas.COUNT_INSTANCE));
        }
    }

    @Test
    void keepAlive_keepsTheInstanceAfterItsLastSession_otherwiseItGoes() throws Exception {
        int kept;
        try (TeeSession a = open(GpTas.SHARED_KEPT)) {
            kept = value(a, GpTas.COUNT_INSTANCE);
        }
        try (TeeSession b = open(GpTas.SHARED_KEPT)) {
            int again = value(b, GpTas.COUNT_INSTANCE);
            see("kept alive: count after reopening minus before", again - kept);
            assertEquals(1, again - kept);
        }
        try (TeeSession a = open(GpTas.SHARED)) {
            value(a, GpTas.COUNT_INSTANCE);
            see("not kept alive: count before closing", value(a, GpTas.COUNT_INSTANCE));
        }
        try (TeeSession b = open(GpTas.SHARED)) {
            int fresh = value(b, GpTas.COUNT_INSTANCE);
            see("not kept alive: count after reopening", fresh);
            assertEquals(1, fresh);
        }
    }

    @Test
    void sessions_runTheOpenAndCloseEntries_andHaveStateOfTheirOwn() throws Exception {
        try (TeeSession b = open(GpTas.SHARED)) {
            try (TeeSession a = open(GpTas.SHARED)) {
                see("entries with two open", entries(a));
                see("a's count", value(a, GpTas.COUNT_SESSION));
                see("a's count again", value(a, GpTas.COUNT_SESSION));
                see("b's count", value(b, GpTas.COUNT_SESSION));
            }
            String entries = entries(b);
            see("entries after a closed", entries);
            assertEquals("opened 2, closed 1", entries);
        }
        String refused = outcome(() -> tee.openSession(GpTas.uuid(GpTas.PARAMS), LoginMethod.PUBLIC,
                Operation.of(ValueParameter.input(GpTas.REFUSE, 0))).close());
        see("an open the TA refuses", refused);
        assertEquals("TEE_ERROR_ACCESS_DENIED/TRUSTED_APP", refused);
    }

    @Test
    void parameterTypes_thatTheTaDoesNotTake_areBadParametersFromTheTa() throws Exception {
        try (TeeSession s = open(GpTas.PARAMS)) {
            ValueParameter sum = ValueParameter.output();
            s.invokeCommand(GpTas.ADD, Operation.of(ValueParameter.input(2, 3), sum));
            see("2 + 3", sum.a());
            String memrefForValue = outcome(() -> s.invokeCommand(GpTas.ADD,
                    Operation.of(TempMemory.input(new byte[4]), ValueParameter.output())));
            see("a memref where a value is expected", memrefForValue);
            assertEquals("TEE_ERROR_BAD_PARAMETERS/TRUSTED_APP", memrefForValue);
            see("no parameters", outcome(() -> s.invokeCommand(GpTas.ADD, null)));
            see("a memref read as a value", outcome(() -> s.invokeCommand(GpTas.FIRST_VALUE,
                    Operation.of(TempMemory.input(new byte[4]), ValueParameter.output()))));
            see("an unknown command", outcome(() -> s.invokeCommand(99, null)));
        }
    }

    @Test
    void memoryReferences_comeBackAsTheirKindOfMemoryDoes() throws Exception {
        byte[] eight = {1, 2, 3, 4, 5, 6, 7, 8};
        try (TeeSession s = open(GpTas.PARAMS)) {
            TempMemory temp = TempMemory.inout(eight.clone());
            see("temporary: the TA saw", transform(s, temp));
            see("temporary: the client has", Arrays.toString(temp.buffer()) + " size " + temp.size());
            assertArrayEquals(new byte[] {0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 7, 8}, temp.buffer(),
                    "the bytes of the size returned come back");

            try (SharedMemory shm = tee.allocateSharedMemory(8, SharedMemory.INPUT | SharedMemory.OUTPUT)) {
                shm.buffer().put(eight);
                SharedMemoryReference whole = SharedMemoryReference.whole(shm);
                see("allocated: the TA saw", transform(s, whole));
                see("allocated: the client has", bytes(shm.buffer()) + " size " + whole.size());
                SharedMemoryReference part = SharedMemoryReference.partialInout(shm, 2, 4);
                see("allocated, 4 bytes at 2: the TA saw", transform(s, part));
                see("allocated, 4 bytes at 2: the client has", bytes(shm.buffer()) + " size " + part.size());
            }

            byte[] mine = eight.clone();
            try (SharedMemory shm = tee.registerSharedMemory(ByteBuffer.wrap(mine), SharedMemory.INPUT | SharedMemory.OUTPUT)) {
                SharedMemoryReference whole = SharedMemoryReference.whole(shm);
                see("registered: the TA saw", transform(s, whole));
                see("registered: the client has", Arrays.toString(mine) + " size " + whole.size());
                ValueParameter read = ValueParameter.output();
                s.invokeCommand(GpTas.READ_INPUT, Operation.of(SharedMemoryReference.partialInput(shm, 1, 3), read));
                see("registered, 3 bytes at 1, as input: capacity and sum", read.a() + " " + read.b());
            }
        }
    }

    /** No parameter's buffer is the TA's own memory, whatever the client passed; the TA's copy of it is. */
    @Test
    void memoryAccessRights_ofParameters_needAnyOwner() throws Exception {
        byte[] four = {1, 2, 3, 4};
        try (TeeSession s = open(GpTas.PARAMS); SharedMemory allocated = tee.allocateSharedMemory(8, SharedMemory.INPUT);
                SharedMemory registered = tee.registerSharedMemory(ByteBuffer.wrap(four.clone()), SharedMemory.INPUT)) {
            see("temporary", accessRights(s, TempMemory.input(four)));
            see("allocated", accessRights(s, SharedMemoryReference.partialInput(allocated, 2, 4)));
            String rights = accessRights(s, SharedMemoryReference.whole(registered));
            see("registered", rights);
            assertEquals("READ|ANY_OWNER TEE_SUCCESS, READ TEE_ERROR_ACCESS_DENIED, own copy TEE_SUCCESS", rights);
        }
    }

    @Test
    void outputSizes_reachTheClient_shortBufferWithTheSizeNeeded() throws Exception {
        try (TeeSession s = open(GpTas.PARAMS); SharedMemory shm = tee.allocateSharedMemory(16, SharedMemory.OUTPUT)) {
            TempMemory small = TempMemory.output(10);
            String shortTemp = need(s, 100, small);
            see("100 bytes into temporary memory of 10", shortTemp + " size " + small.size());
            assertEquals("TEE_ERROR_SHORT_BUFFER/TRUSTED_APP", shortTemp);
            assertEquals(100, small.size());
            TempMemory none = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
            see("100 bytes into a NULL buffer", need(s, 100, none) + " size " + none.size());
            SharedMemoryReference part = SharedMemoryReference.partialOutput(shm, 0, 10);
            see("100 bytes into shared memory of 10", need(s, 100, part) + " size " + part.size());
            TempMemory fits = TempMemory.output(100);
            see("100 bytes into temporary memory of 100", need(s, 100, fits) + " size " + fits.size());
            TempMemory larger = TempMemory.output(10);
            see("5 bytes into temporary memory of 10", need(s, 5, larger) + " size " + larger.size() + " "
                    + Arrays.toString(larger.data()));
            SharedMemoryReference whole = SharedMemoryReference.whole(shm);
            see("5 bytes into shared memory of 16", need(s, 5, whole) + " size " + whole.size() + " " + bytes(shm.buffer()));
        }
    }

    @Test
    void properties_declaredAndStandard_areWhatTheTaReads() throws Exception {
        try (TeeSession s = open(GpTas.PROPS)) {
            TempMemory out = TempMemory.output(4096);
            s.invokeCommand(GpTas.PROPERTIES, Operation.of(out));
            String text = new String(out.data(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                see("property", line);
            }
            assertTrue(text.contains("gpd.ta.appID=" + GpTas.PROPS + "\n"), text);
            assertTrue(text.contains("gpd.ta.version=1.2.3\n"), text);
            assertTrue(text.contains("gpd.ta.dataSize=49152\n"), text);
            assertTrue(text.contains("test.string=hello\n"), text);
            assertTrue(text.contains(" u32=4294967280 bool=true u64=1099511627776 uuid=00000001-0002-0003-0004-000000000005"
                    + " identity=TRUSTED_APP/00000002-0003-0004-0005-000000000006 binary=48656c6c6f20776f726c6421"), text);
            assertTrue(text.contains("missing: TEE_ERROR_ITEM_NOT_FOUND\nstring as bool: TEE_ERROR_BAD_FORMAT\n"), text);
        }
    }

    @Test
    void panic_endsTheCallAndEverySessionOfTheInstance_andTheNextOpenGetsAFreshOne() throws Exception {
        try (TeeSession a = open(GpTas.PANIC); TeeSession b = open(GpTas.PANIC)) {
            see("a", value(a, GpTas.COUNT_INSTANCE));
            see("b", value(b, GpTas.COUNT_INSTANCE));
            String panic = outcome(() -> a.invokeCommand(GpTas.PANIC_NOW, null));
            see("the call that panics", panic);
            assertEquals("TEE_ERROR_TARGET_DEAD/TEE", panic);
            String other = outcome(() -> value(b, GpTas.COUNT_INSTANCE));
            see("another session of the dead instance", other);
            assertEquals("TEE_ERROR_TARGET_DEAD/TEE", other);
            see("the session that panicked, again", outcome(() -> value(a, GpTas.COUNT_INSTANCE)));
            try (TeeSession c = open(GpTas.PANIC)) {
                int fresh = value(c, GpTas.COUNT_INSTANCE);
                see("a new session", fresh);
                assertEquals(1, fresh);
                see("an uncaught exception", outcome(() -> c.invokeCommand(GpTas.THROW, null)));
            }
            try (TeeSession d = open(GpTas.PANIC)) {
                see("a new session after the exception", value(d, GpTas.COUNT_INSTANCE));
            }
        }
    }

    @Test
    void taToTaCalls_showTheCallingTaAsTheClient() throws Exception {
        try (TeeSession s = open(GpTas.CALLER)) {
            ValueParameter identity = ValueParameter.output();
            TempMemory uuid = TempMemory.output(64);
            TempMemory bytes = TempMemory.inout(new byte[] {1, 2, 3});
            s.invokeCommand(GpTas.WHO_CALLS, Operation.of(identity, uuid, bytes));
            String client = new String(uuid.data(), StandardCharsets.US_ASCII);
            see("the callee's client", LoginMethod.name(identity.a()) + "/" + client);
            see("gpd.client.identity is that client", identity.b());
            see("bytes through the callee", Arrays.toString(bytes.buffer()));
            assertEquals(LoginMethod.TRUSTED_APP, identity.a());
            assertEquals(GpTas.CALLER, client);
            see("a TA that is not there", reported(s, GpTas.CALL_MISSING, ValueParameter.output()));
            ValueParameter panic = ValueParameter.output();
            ValueParameter after = ValueParameter.output();
            s.invokeCommand(GpTas.CALL_PANICKING, Operation.of(panic, after));
            see("a callee that panics", reported(panic));
            see("its session afterwards", reported(after));
        }
        String missing = outcome(() -> open(GpTas.MISSING).close());
        see("a client opening a TA that is not there", missing);
        assertEquals("TEE_ERROR_ITEM_NOT_FOUND/TEE", missing);
    }

    @Test
    void time_teeWaitReturnsAfterItsTime_andTheClocksRun() throws Exception {
        try (TeeSession s = open(GpTas.WAITER)) {
            ValueParameter waited = ValueParameter.output();
            s.invokeCommand(GpTas.WAIT, Operation.of(ValueParameter.input(50, 0), waited));
            see("TEE_Wait(50) took at least 50 ms", waited.a());
            see("TEE_GetSystemTime moved forward", waited.b());
            assertEquals(1, waited.a());
            assertEquals(1, waited.b());
            ValueParameter ree = ValueParameter.output();
            s.invokeCommand(GpTas.REE_TIME, Operation.of(ree));
            see("TEE_GetREETime answered", ree.a());
        }
    }

    /**
     * The client cancels only once the TA is in its wait: the TA marks a token in the keep-alive
     * TA first, which the client polls from another session.
     */
    @Test
    void cancellation_byTheClient_endsTheTasTeeWaitWithCancel() throws Exception {
        int token = ThreadLocalRandom.current().nextInt();
        try (TeeSession board = open(GpTas.SHARED_KEPT); TeeSession waiter = open(GpTas.WAITER)) {
            ValueParameter seenByTa = ValueParameter.output();
            Operation op = Operation.of(ValueParameter.input(token, 0), seenByTa);
            AtomicReference<String> result = new AtomicReference<>();
            Thread call = Thread.ofPlatform().name("cancelled-call").start(
                    () -> result.set(outcome(() -> waiter.invokeCommand(GpTas.WAIT_CANCELLABLE, op))));
            awaitMarked(board, token);
            op.requestCancellation();
            assertTrue(call.join(java.time.Duration.ofSeconds(PATIENCE_SECONDS)), "the cancelled call returned");
            see("the cancelled call", result.get());
            see("what TEE_Wait told the TA", reported(seenByTa));
            assertEquals("TEE_ERROR_CANCEL/TRUSTED_APP", result.get());
        }
    }

    @Test
    void cancellation_byATaToTaTimeout_endsTheCalleesTeeWaitWithCancel() throws Exception {
        try (TeeSession s = open(GpTas.CALLER)) {
            ValueParameter caller = ValueParameter.output();
            ValueParameter callee = ValueParameter.output();
            s.invokeCommand(GpTas.CALL_WITH_TIMEOUT, Operation.of(ValueParameter.input(200, 0), caller, callee));
            see("what the caller got", reported(caller));
            see("what TEE_Wait told the callee", reported(callee));
            assertEquals("TEE_ERROR_CANCEL/TRUSTED_APP", reported(caller));
        }
    }

    @Test
    void trustedStorage_keepsWhatTheTaWrote() throws Exception {
        byte[] id = "gp-semantics".getBytes(StandardCharsets.US_ASCII);
        try (TeeSession s = open(GpTas.STORE)) {
            s.invokeCommand(GpTas.WRITE, Operation.of(TempMemory.input(id), TempMemory.input("kept".getBytes(StandardCharsets.US_ASCII))));
        }
        try (TeeSession s = open(GpTas.STORE)) {
            TempMemory out = TempMemory.output(16);
            s.invokeCommand(GpTas.READ, Operation.of(TempMemory.input(id), out));
            String read = new String(out.data(), StandardCharsets.US_ASCII);
            see("read back in another instance", read);
            assertEquals("kept", read);
            see("an object that is not there", outcome(() -> s.invokeCommand(GpTas.READ,
                    Operation.of(TempMemory.input("none".getBytes(StandardCharsets.US_ASCII)), TempMemory.output(16)))));
        }
    }

    private void see(String what, Object value) {
        seen.add(what + "=" + value);
    }

    private TeeSession open(String ta) throws TeeException {
        return tee.openSession(GpTas.uuid(ta), LoginMethod.PUBLIC, null);
    }

    private static int value(TeeSession s, int command) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(command, Operation.of(v));
        return v.a();
    }

    private static String entries(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(GpTas.ENTRIES, Operation.of(v));
        return "opened " + v.a() + ", closed " + v.b();
    }

    /** TRANSFORM returning size 6 (of 8) or the whole: what the TA saw (capacity, sum of bytes). */
    private static String transform(TeeSession s, org.jtee.client.Parameter memref) throws TeeException {
        ValueParameter saw = ValueParameter.output();
        s.invokeCommand(GpTas.TRANSFORM, Operation.of(memref, ValueParameter.input(6, 0), saw));
        return "capacity " + saw.a() + ", sum " + saw.b();
    }

    private static String accessRights(TeeSession s, org.jtee.client.Parameter input) throws TeeException {
        ValueParameter param = ValueParameter.output();
        ValueParameter copy = ValueParameter.output();
        s.invokeCommand(GpTas.ACCESS_RIGHTS, Operation.of(input, param, copy));
        return "READ|ANY_OWNER " + TeeResult.name(param.a()) + ", READ " + TeeResult.name(param.b()) + ", own copy "
                + TeeResult.name(copy.a());
    }

    private static String need(TeeSession s, int bytes, org.jtee.client.Parameter out) {
        return outcome(() -> s.invokeCommand(GpTas.NEED, Operation.of(ValueParameter.input(bytes, 0), out)));
    }

    /** A TA's report of a failure it got: a result and its origin (a = 0: none). */
    private static String reported(ValueParameter v) {
        return v.a() == 0 ? "SUCCESS" : TeeResult.name(v.a()) + "/" + ReturnOrigin.name(v.b());
    }

    private static String reported(TeeSession s, int command, ValueParameter v) throws TeeException {
        s.invokeCommand(command, Operation.of(v));
        return reported(v);
    }

    private static String bytes(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return Arrays.toString(copy);
    }

    /** Polls the keep-alive TA until the waiting TA has marked {@code token}. */
    private static void awaitMarked(TeeSession board, int token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            ValueParameter marked = ValueParameter.output();
            board.invokeCommand(GpTas.IS_MARKED, Operation.of(ValueParameter.input(token, 0), marked));
            if (marked.a() == 1) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the waiting TA did not start its wait within " + PATIENCE_SECONDS + " s");
            Thread.sleep(20);
        }
    }

    private interface TeeCall {
        void run() throws TeeException;
    }

    /** "SUCCESS", or the result and origin of the failure, e.g. "TEE_ERROR_BUSY/TEE". */
    private static String outcome(TeeCall call) {
        try {
            call.run();
            return "SUCCESS";
        } catch (TeeException e) {
            return TeeResult.name(e.result()) + "/" + ReturnOrigin.name(e.origin());
        }
    }
}
