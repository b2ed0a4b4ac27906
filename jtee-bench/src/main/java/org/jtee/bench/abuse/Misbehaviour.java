package org.jtee.bench.abuse;

/**
 * The misbehaving clients of the abuse mix, one each. Every one is a part that can run alone or
 * with the others ({@link AbuseMix#start}); all talk to the core over its real client socket.
 */
public enum Misbehaviour {
    /** Sends INVOKEs whose replies carry 1 MiB (FILL into a 1 MiB temporary output), never reads one. */
    NEVER_READ,
    /** Pipelines NOOP INVOKEs as fast as it can write them, reading the replies on another thread. */
    CALL_FLOOD,
    /** Connections that each send all but the last byte of a 16 MiB frame, then wait. */
    FRAME_FLOOD,
    /**
     * Registers a shared-memory file, truncates it to 0, then passes it as an input, output and
     * in/out reference to the built-in bench TA, the system PTA and a TA in a host.
     */
    TRUNCATE_SHM,
    /** Starts a 50 ms call and closes the connection 2 ms into it, over and over. */
    DISCONNECT_MID_CALL,
    /** Starts a 1 s call to a TA in a host and cancels it 20 times, and cancels ids that never existed. */
    CANCEL_LOOP,
    /** Opens sessions, one after another, to a TA that panics as its session opens. */
    PANICKING_TA,
    /** Opens sessions to a multi-instance TA (each a new TA host) until the core refuses, then holds them. */
    SESSION_FLOOD
}
