package org.jtee.core;

/**
 * What one client, one user and all clients together may take of a core; {@code docs/limits.md}
 * says what a client sees when it reaches each limit.
 *
 * @param callsPerConnection OPEN_SESSION and INVOKE calls of one connection running or queued at
 *     once; at the limit the core stops reading that connection until one ends (backpressure)
 * @param connectionsPerUid connections of one user at once; more are closed at once
 * @param connections connections at once, all users together; more are closed at once
 * @param replyBufferBytes reply bytes queued for one connection that its client has not read yet;
 *     over it the connection is closed (one reply into an empty queue is always accepted)
 * @param replyBudgetBytes reply bytes queued for all connections together; a connection whose reply
 *     does not fit is closed, as one over its own buffer
 * @param writeTimeoutMillis how long the client may take to accept one reply frame; then the
 *     connection is closed
 * @param frameBudgetBytes bytes of large request frames (over 64 KiB) that all connections
 *     together may hold while they are read and until their call ends
 * @param frameBudgetWaitMillis how long a connection waits for frame budget before it is closed
 */
public record ClientLimits(int callsPerConnection, int connectionsPerUid, int connections, long replyBufferBytes,
        long replyBudgetBytes, long writeTimeoutMillis, long frameBudgetBytes, long frameBudgetWaitMillis) {
    /** Production defaults; {@code docs/limits.md} gives the reasons. */
    public static final ClientLimits DEFAULTS = new ClientLimits(32, 64, 256, 8L << 20, 128L << 20, 10_000,
            128L << 20, 2_000);

    public ClientLimits {
        positive("callsPerConnection", callsPerConnection);
        positive("connectionsPerUid", connectionsPerUid);
        positive("connections", connections);
        positive("replyBufferBytes", replyBufferBytes);
        positive("replyBudgetBytes", replyBudgetBytes);
        positive("writeTimeoutMillis", writeTimeoutMillis);
        positive("frameBudgetBytes", frameBudgetBytes);
        positive("frameBudgetWaitMillis", frameBudgetWaitMillis);
        if (writeTimeoutMillis > Integer.MAX_VALUE || frameBudgetWaitMillis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("time limits must fit in an int of milliseconds");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    public ClientLimits withCallsPerConnection(int value) {
        return new ClientLimits(value, connectionsPerUid, connections, replyBufferBytes, replyBudgetBytes, writeTimeoutMillis, frameBudgetBytes, frameBudgetWaitMillis);
    }

    public ClientLimits withConnectionsPerUid(int value) {
        return new ClientLimits(callsPerConnection, value, connections, replyBufferBytes, replyBudgetBytes, writeTimeoutMillis, frameBudgetBytes, frameBudgetWaitMillis);
    }

    public ClientLimits withConnections(int value) {
        return new ClientLimits(callsPerConnection, connectionsPerUid, value, replyBufferBytes, replyBudgetBytes, writeTimeoutMillis, frameBudgetBytes, frameBudgetWaitMillis);
    }

    public ClientLimits withReplyBufferBytes(long value) {
        return new ClientLimits(callsPerConnection, connectionsPerUid, connections, value, replyBudgetBytes, writeTimeoutMillis, frameBudgetBytes, frameBudgetWaitMillis);
    }

    public ClientLimits withReplyBudgetBytes(long value) {
        return new ClientLimits(callsPerConnection, connectionsPerUid, connections, replyBufferBytes, value, writeTimeoutMillis, frameBudgetBytes, frameBudgetWaitMillis);
    }

    public ClientLimits withWriteTimeoutMillis(long value) {
        return new ClientLimits(callsPerConnection, connectionsPerUid, connections, replyBufferBytes, replyBudgetBytes, value, frameBudgetBytes, frameBudgetWaitMillis);
    }

    public ClientLimits withFrameBudgetBytes(long value) {
        return new ClientLimits(callsPerConnection, connectionsPerUid, connections, replyBufferBytes, replyBudgetBytes, writeTimeoutMillis, value, frameBudgetWaitMillis);
    }

    public ClientLimits withFrameBudgetWaitMillis(long value) {
        return new ClientLimits(callsPerConnection, connectionsPerUid, connections, replyBufferBytes, replyBudgetBytes, writeTimeoutMillis, frameBudgetBytes, value);
    }
}
