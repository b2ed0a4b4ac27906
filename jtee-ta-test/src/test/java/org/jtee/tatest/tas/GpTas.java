package org.jtee.tatest.tas;

import java.util.UUID;

/** The contract of the test TAs: their UUIDs and commands, and the parameters of each. */
public final class GpTas {
    private GpTas() {}

    public static final String SHARED_KEPT = "6a7e57a0-0001-4000-8000-000000000001";
    public static final String SHARED = "6a7e57a0-0002-4000-8000-000000000002";
    public static final String LONE = "6a7e57a0-0003-4000-8000-000000000003";
    public static final String PER_SESSION = "6a7e57a0-0004-4000-8000-000000000004";
    public static final String PARAMS = "6a7e57a0-0005-4000-8000-000000000005";
    public static final String PROPS = "6a7e57a0-0006-4000-8000-000000000006";
    public static final String PANIC = "6a7e57a0-0007-4000-8000-000000000007";
    public static final String CALLER = "6a7e57a0-0008-4000-8000-000000000008";
    public static final String CALLEE = "6a7e57a0-0009-4000-8000-000000000009";
    public static final String WAITER = "6a7e57a0-000a-4000-8000-00000000000a";
    public static final String STORE = "6a7e57a0-000b-4000-8000-00000000000b";
    /** No TA has it. */
    public static final String MISSING = "6a7e57a0-dead-4000-8000-00000000dead";

    // InstanceTa (SharedKeptTa, SharedTa, LoneTa, PerSessionTa)
    /** [0] VALUE_OUTPUT a: the instance's count, after adding one. */
    public static final int COUNT_INSTANCE = 1;
    /** [0] VALUE_OUTPUT a: the session's count, after adding one. */
    public static final int COUNT_SESSION = 2;
    /** [0] VALUE_OUTPUT a: open-session entries the instance ran, b: close-session entries. */
    public static final int ENTRIES = 3;
    /** [0] VALUE_INPUT a: a token the instance keeps. */
    public static final int MARK = 4;
    /** [0] VALUE_INPUT a: a token; [1] VALUE_OUTPUT a: 1 if the instance keeps it. */
    public static final int IS_MARKED = 5;

    // ParamsTa
    /** Open session: [0] VALUE_INPUT a = {@link #REFUSE} makes the TA refuse with TEE_ERROR_ACCESS_DENIED. */
    public static final int REFUSE = 0x0bad;
    /** [0] VALUE_INPUT a, b; [1] VALUE_OUTPUT a: a + b. */
    public static final int ADD = 1;
    /** [0] read as a value, whatever it is; [1] VALUE_OUTPUT a: its a. */
    public static final int FIRST_VALUE = 2;
    /**
     * [0] MEMREF_INOUT: every byte gets 0x10 added; [1] VALUE_INPUT a: the size the TA returns;
     * [2] VALUE_OUTPUT a: the buffer's capacity, b: the sum of its bytes on entry.
     */
    public static final int TRANSFORM = 3;
    /** [0] VALUE_INPUT a: bytes to write (0, 1, 2...) into [1] MEMREF_OUTPUT, or SHORT_BUFFER with that size. */
    public static final int NEED = 4;
    /** [0] MEMREF_INPUT; [1] VALUE_OUTPUT a: its capacity, b: the sum of its bytes. */
    public static final int READ_INPUT = 5;
    /**
     * TEE_CheckMemoryAccessRights on [0] MEMREF_INPUT: [1] VALUE_OUTPUT a: the result for READ |
     * ANY_OWNER, b: for READ alone; [2] VALUE_OUTPUT a: for READ | WRITE on the TA's own copy of it.
     */
    public static final int ACCESS_RIGHTS = 6;

    // PropsTa
    /** [0] MEMREF_OUTPUT: the properties the TA read, one "name=value" line each. */
    public static final int PROPERTIES = 1;

    // PanicTa (also COUNT_INSTANCE)
    /** TEE_Panic. */
    public static final int PANIC_NOW = 2;
    /** An uncaught exception. */
    public static final int THROW = 3;

    // CallerTa
    /**
     * Calls CalleeTa's {@link #IDENTIFY} with [1] and [2] of its own: [0] VALUE_OUTPUT as IDENTIFY's,
     * [1] MEMREF_OUTPUT the callee's client UUID as text, [2] MEMREF_INOUT transformed by the callee.
     */
    public static final int WHO_CALLS = 1;
    /** Opens a session to {@link #MISSING}: [0] VALUE_OUTPUT a: the result, b: its origin. */
    public static final int CALL_MISSING = 2;
    /** Makes PanicTa panic: [0] VALUE_OUTPUT that invoke's result and origin, [1] those of the next invoke. */
    public static final int CALL_PANICKING = 3;
    /**
     * Invokes CalleeTa's {@link #WAIT_UNMASKED} with the cancellation timeout [0] VALUE_INPUT a (ms):
     * [1] VALUE_OUTPUT result and origin the caller got, [2] VALUE_OUTPUT those the callee saw in TEE_Wait.
     */
    public static final int CALL_WITH_TIMEOUT = 4;

    // CalleeTa
    /**
     * [0] VALUE_OUTPUT a: the client's login, b: 1 if gpd.client.identity is that client; [1]
     * MEMREF_OUTPUT the client's UUID as text; [2] MEMREF_INOUT every byte plus one.
     */
    public static final int IDENTIFY = 1;
    /** Unmasks cancellation and waits 120 s: [0] VALUE_OUTPUT a: the TEE_Wait result (0: not cancelled), b: its origin. */
    public static final int WAIT_UNMASKED = 2;

    // WaiterTa
    /**
     * [0] VALUE_INPUT a: milliseconds to wait (masked); [1] VALUE_OUTPUT a: 1 if at least that
     * long passed, b: 1 if TEE_GetSystemTime moved forward.
     */
    public static final int WAIT = 1;
    /**
     * Marks token [0] VALUE_INPUT a in SharedKeptTa, then unmasks cancellation and waits 120 s:
     * [1] VALUE_OUTPUT a: the TEE_Wait result (0: not cancelled), b: its origin.
     */
    public static final int WAIT_CANCELLABLE = 2;
    /** [0] VALUE_OUTPUT a: 1 if TEE_GetREETime answered a time after 2020. */
    public static final int REE_TIME = 3;

    // StoreTa
    /** [0] MEMREF_INPUT object id, [1] MEMREF_INPUT data: a persistent object (replacing one of that id). */
    public static final int WRITE = 1;
    /** [0] MEMREF_INPUT object id, [1] MEMREF_OUTPUT its data (SHORT_BUFFER with its size). */
    public static final int READ = 2;

    /** How long the TAs wait where only a cancellation should end the wait. */
    public static final long LONG_WAIT_MILLIS = 120_000;

    public static UUID uuid(String text) {
        return UUID.fromString(text);
    }
}
