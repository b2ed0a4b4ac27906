package org.jtee.core.ta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.LoginMethod;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.InstanceLimits;
import org.jtee.core.client.Operation;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaSession;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;
import org.jtee.tahost.PropertySet;
import org.jtee.tahost.TaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TA manager with in-core TAs: instance limits, lock order, TA-to-TA depth, construction. */
class TaManagerTest {
    private static final Identity CLIENT = new Identity(LoginMethod.PUBLIC, new UUID(0, 0));

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final TaRegistry registry = new TaRegistry();
    private final TaManager manager;
    private final AtomicInteger sessionIds = new AtomicInteger();

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path state;

    TaManagerTest() throws java.io.IOException {
        registry.addBuiltIn(TaType.of(PlainTa.class, false, false, PlainTa::new));
        registry.addBuiltIn(TaType.of(SlowStartTa.class, false, false, SlowStartTa::new));
        registry.addBuiltIn(TaType.of(CallerTa.class, false, false, CallerTa::new));
        registry.addBuiltIn(TaType.of(CalleeTa.class, false, false, CalleeTa::new));
        registry.addBuiltIn(TaType.of(RelayTa.class, false, false, RelayTa::new));
        org.jtee.core.runtime.HardwareUniqueKey huk = org.jtee.core.runtime.HardwareUniqueKey.loadOrCreate(state,
                new java.security.SecureRandom());
        // these TAs keep no time: storage with no supplicant behind it
        org.jtee.core.runtime.CoreObjects noStorage = new org.jtee.core.runtime.CoreObjects(org.jtee.core.runtime.CoreStorage.open(huk,
                (command, params) -> {
                    throw new TeeException(org.jtee.common.TeeResult.COMMUNICATION, "no supplicant");
                }, state).ree());
        manager = new TaManager(registry, new PropertySet(Map.of()),
                new org.jtee.core.runtime.TaClocks(Instant::now, org.jtee.core.runtime.TaPersistentTime.open(noStorage, state)),
                new org.jtee.core.runtime.TaUniqueKeys(huk), threads);
    }

    @AfterEach
    void stop() {
        SlowStartTa.release.countDown();
        CalleeTa.release.countDown();
        threads.shutdownNow();
    }

    private Session open(UUID ta) throws TeeException {
        return manager.open(sessionIds.incrementAndGet(), ta, CLIENT, Parameters.none(), clientOperation());
    }

    private static Operation clientOperation() {
        return new Operation(null, 1, null);
    }

    @Test
    void totalInstanceLimit_refusesTheNextOpen_withOutOfMemoryFromTheTee_untilOneEnds() throws Exception {
        manager.limits(InstanceLimits.DEFAULTS.withInstances(3));
        assertFloodStopsAt(3, "--max-ta-instances");
    }

    @Test
    void perUidInstanceLimit_refusesTheNextOpen_withOutOfMemoryFromTheTee_untilOneEnds() throws Exception {
        manager.limits(InstanceLimits.DEFAULTS.withInstancesPerUid(5));
        assertFloodStopsAt(5, "--max-ta-instances-per-uid");
    }

    private void assertFloodStopsAt(int limit, String flag) throws Exception {
        List<Session> open = new ArrayList<>();
        TeeException refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            try {
                open.add(open(PlainTa.UUID));
            } catch (TeeException e) {
                refused = e;
            }
        }
        assertEquals(limit, open.size(), "a multi-instance TA gets one instance per session, up to the limit");
        assertTrue(refused != null);
        assertEquals(TeeResult.OUT_OF_MEMORY, refused.result());
        assertEquals(ReturnOrigin.TEE, refused.origin());
        assertTrue(refused.getMessage().contains(flag), refused.getMessage());
        assertEquals(limit, manager.quota().instances());
        manager.close(open.removeFirst());
        open.add(open(PlainTa.UUID));
        for (Session s : open) {
            manager.close(s);
        }
        assertEquals(0, manager.quota().instances(), "every instance counted out when it is gone");
    }

    @Test
    void slowConstructor_doesNotHoldUpOpensOfOtherTas() throws Exception {
        SlowStartTa.constructing = new CountDownLatch(1);
        SlowStartTa.release = new CountDownLatch(1);
        CompletableFuture<Session> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return open(SlowStartTa.UUID);
            } catch (TeeException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        assertTrue(SlowStartTa.constructing.await(10, TimeUnit.SECONDS));
        CompletableFuture<Session> other = CompletableFuture.supplyAsync(() -> {
            try {
                return open(PlainTa.UUID);
            } catch (TeeException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        // a deadlock check, not a speed check: the other open must not wait for the constructor
        manager.close(other.get(10, TimeUnit.SECONDS));
        assertFalse(slow.isDone());
        SlowStartTa.release.countDown();
        manager.close(slow.get(10, TimeUnit.SECONDS));
    }

    @Test
    void destroyedInstance_closesItsOutgoingSessions_withoutHoldingItsOwnLock() throws Exception {
        CalleeTa.closing = new CountDownLatch(1);
        CalleeTa.release = new CountDownLatch(1);
        Session caller = open(CallerTa.UUID);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> manager.close(caller), threads);
        assertTrue(CalleeTa.closing.await(10, TimeUnit.SECONDS), "the callee's close entry runs");
        assertFalse(caller.instance.isEntered(), "the caller's lock is free while its outgoing sessions close");
        CalleeTa.release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertEquals(TaInstance.State.GONE, caller.instance.state());
    }

    @Test
    void taToTaCalls_inACloseEntry_nestAtMostMaxDepth() throws Exception {
        RelayTa.deepest.set(0);
        Session s = open(RelayTa.UUID);
        manager.invoke(s, RelayTa.CMD_ARM_CLOSE, levels(20), clientOperation());
        manager.close(s);
        assertTrue(RelayTa.deepest.get() > 0, "the relay ran");
        assertTrue(RelayTa.deepest.get() <= TaCalls.MAX_DEPTH, "nesting reached " + RelayTa.deepest.get());
    }

    @Test
    void taToTaCalls_inADestroyEntry_nestAtMostMaxDepth() throws Exception {
        RelayTa.deepest.set(0);
        Session keeper = open(RelayTa.UUID);
        manager.invoke(keeper, RelayTa.CMD_SHARE, Parameters.none(), clientOperation());
        Session s = open(RelayTa.UUID);
        manager.invoke(s, RelayTa.CMD_ARM_DESTROY, levels(20), clientOperation());
        manager.close(s);
        manager.close(keeper);
        assertTrue(RelayTa.deepest.get() > 0, "the relay ran");
        assertTrue(RelayTa.deepest.get() <= TaCalls.MAX_DEPTH, "nesting reached " + RelayTa.deepest.get());
    }

    private static Parameters levels(int n) {
        return new Parameters(new Value(ParamTypes.VALUE_INPUT, n, 0), null, null, null);
    }

    @Test
    void die_isIdempotent_countsTheInstanceOutOnce() throws Exception {
        Session s = open(PlainTa.UUID);
        assertTrue(s.instance.die("a test"));
        assertFalse(s.instance.die("a test, again"));
        assertEquals(0, manager.quota().instances());
        TeeException e = assertThrows(TeeException.class, () -> manager.invoke(s, 0, Parameters.none(), clientOperation()));
        assertEquals(TeeResult.TARGET_DEAD, e.result());
        manager.close(s);
        assertEquals(0, manager.quota().instances());
        assertEquals(TaInstance.State.DEAD, s.instance.state());
    }

    @Ta(uuid = PlainTa.UUID_STRING)
    public static final class PlainTa implements TrustedApplication<Object> {
        static final String UUID_STRING = "7e570000-0000-4000-8000-000000000001";
        static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

        @Override
        public Object openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object session, CallContext call, int commandId, Parameters params) {}
    }

    /** A built-in TA whose constructor waits for the test. */
    @Ta(uuid = SlowStartTa.UUID_STRING)
    public static final class SlowStartTa implements TrustedApplication<Object> {
        static final String UUID_STRING = "7e570000-0000-4000-8000-000000000002";
        static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
        static volatile CountDownLatch constructing = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        public SlowStartTa() {
            constructing.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Object openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object session, CallContext call, int commandId, Parameters params) {}
    }

    /** Opens a session to {@link CalleeTa} with its own and keeps it. */
    @Ta(uuid = CallerTa.UUID_STRING)
    public static final class CallerTa implements TrustedApplication<TaSession> {
        static final String UUID_STRING = "7e570000-0000-4000-8000-000000000003";
        static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

        @Override
        public TaSession openSession(CallContext call, Parameters params) throws TeeException {
            return call.openTaSession(CalleeTa.UUID, Parameters.none());
        }

        @Override
        public void invokeCommand(TaSession session, CallContext call, int commandId, Parameters params) {}
    }

    /** Its close entry waits for the test. */
    @Ta(uuid = CalleeTa.UUID_STRING)
    public static final class CalleeTa implements TrustedApplication<Object> {
        static final String UUID_STRING = "7e570000-0000-4000-8000-000000000004";
        static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
        static volatile CountDownLatch closing = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public Object openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object session, CallContext call, int commandId, Parameters params) {}

        @Override
        public void closeSession(Object session) {
            closing.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Recurses through TA-to-TA calls: {@code CMD_RECURSE} n opens a session to a fresh instance
     * of itself and recurses with n - 1. {@code CMD_ARM_CLOSE} keeps a session to recurse through
     * in the close entry, where no client's operation runs; {@code CMD_ARM_DESTROY} recurses in
     * the destroy entry through the session another instance shared ({@code CMD_SHARE}), since an
     * instance's own sessions are closed before its destroy entry.
     */
    @Ta(uuid = RelayTa.UUID_STRING)
    public static final class RelayTa implements TrustedApplication<RelayTa.State> {
        static final String UUID_STRING = "7e570000-0000-4000-8000-000000000005";
        static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
        static final int CMD_RECURSE = 0;
        static final int CMD_ARM_CLOSE = 1;
        static final int CMD_ARM_DESTROY = 2;
        static final int CMD_SHARE = 3;
        static volatile TaSession shared;
        static final AtomicInteger deepest = new AtomicInteger();
        private static final ThreadLocal<Integer> level = ThreadLocal.withInitial(() -> 0);

        static final class State {
            TaSession next;
            int levels;
        }

        private int destroyLevels;

        @Override
        public State openSession(CallContext call, Parameters params) {
            return new State();
        }

        @Override
        public void invokeCommand(State s, CallContext call, int commandId, Parameters params) throws TeeException {
            switch (commandId) {
                case CMD_RECURSE -> recurse(call, params.value(0).a());
                case CMD_ARM_CLOSE -> {
                    s.next = call.openTaSession(UUID, Parameters.none());
                    s.levels = params.value(0).a();
                }
                case CMD_ARM_DESTROY -> destroyLevels = params.value(0).a();
                case CMD_SHARE -> shared = call.openTaSession(UUID, Parameters.none());
                default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
            }
        }

        private static void recurse(CallContext call, int levels) throws TeeException {
            int depth = level.get() + 1;
            level.set(depth);
            deepest.accumulateAndGet(depth, Math::max);
            try {
                if (levels > 0) {
                    try (TaSession next = call.openTaSession(UUID, Parameters.none())) {
                        next.invoke(CMD_RECURSE, new Parameters(new Value(ParamTypes.VALUE_INPUT, levels - 1, 0), null, null, null));
                    }
                }
            } finally {
                level.set(depth - 1);
            }
        }

        @Override
        public void closeSession(State s) {
            relay(s.next, s.levels);
            if (s.next != null) {
                s.next.close();
            }
        }

        @Override
        public void destroy() {
            if (destroyLevels > 0) {
                relay(shared, destroyLevels);
            }
        }

        private static void relay(TaSession next, int levels) {
            if (next == null) {
                return;
            }
            try {
                next.invoke(CMD_RECURSE, new Parameters(new Value(ParamTypes.VALUE_INPUT, levels, 0), null, null, null));
            } catch (TeeException e) {
                // too deep: the limit answered
            }
        }
    }
}
