package org.jtee.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import org.jtee.client.internal.BadArgument;
import org.jtee.client.internal.Connection;
import org.jtee.client.internal.ConnectionFailure;
import org.jtee.client.internal.Segment;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Message;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * A connection to a jtee core ({@code TEEC_Context}): the GlobalPlatform TEE Client API in a
 * Java shape, with libteec's semantics.
 *
 * <p><b>Threads.</b> A context is thread-safe and meant to be shared: any number of threads may
 * open sessions, invoke commands, allocate memory and cancel at once, with as many calls in flight
 * on its one connection. There is no thread of its own: a calling thread reads the replies while
 * it waits (for the others too, if they wait as well), so a single-threaded client pays for no
 * thread switch at all. Calls are not interruptible (as in C) — an interrupt stays pending and is
 * kept for the caller; use {@link Operation#requestCancellation()} to end a call early. Java closes
 * a socket channel when a thread is interrupted while blocked in it, so an interrupt that hits the
 * thread reading for the context at that very moment closes the context.
 *
 * <p><b>Results.</b> Success returns normally; every other result is a {@link TeeException}
 * carrying the GP result, its origin and a message naming the call. Connection failures are
 * {@code TEE_ERROR_COMMUNICATION} with origin COMMS; arguments the library refuses before sending
 * anything are {@code TEE_ERROR_BAD_PARAMETERS} with origin API.
 *
 * <p><b>Lifetime.</b> {@link #close()} ends the connection; the core then closes every session and
 * releases every shared memory of the context. Calls in flight fail with
 * {@code TEE_ERROR_COMMUNICATION}, as do later ones. If the core goes away, the context fails the
 * same way for good; open a new one.
 */
public final class TeeContext implements AutoCloseable {
    /**
     * Bytes of a frame besides its parameter payloads, upper bound over OPEN_SESSION and INVOKE,
     * requests and replies: header after the length prefix (12), fixed body (≤ 24), parameter
     * types (4).
     */
    private static final int FRAME_OVERHEAD_BYTES = 40;

    private final Connection connection;

    private TeeContext(Connection connection) {
        this.connection = connection;
    }

    /**
     * {@code TEEC_InitializeContext} with the default socket: {@code $JTEE_SOCKET}, else
     * {@code client.sock} in the jtee home ({@link DefaultLocations#clientSocket()}).
     *
     * @throws TeeException as {@link #open(Path)}
     */
    public static TeeContext open() throws TeeException {
        return open(DefaultLocations.clientSocket());
    }

    /**
     * {@code TEEC_InitializeContext} for the core listening on {@code socket}: connects and
     * exchanges HELLO.
     *
     * @throws TeeException {@code TEE_ERROR_COMMUNICATION} (origin COMMS) naming the socket if no
     *     core answers there, or if the handshake fails; the core's result if it refuses the client
     */
    public static TeeContext open(Path socket) throws TeeException {
        Objects.requireNonNull(socket, "socket");
        Connection c;
        try {
            c = Connection.connect(socket);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, "no jtee core at " + socket
                    + ": " + reason + "; start one with 'bin/jtee up'", e);
        }
        try {
            c.hello();
            return new TeeContext(c);
        } catch (Handshake.Refused e) {
            c.close();
            throw new TeeException(e.result(), e.origin(),
                    "InitializeContext: the jtee core at " + socket + " refused the connection");
        } catch (ConnectionFailure e) {
            c.close();
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.COMMS,
                    "InitializeContext with the jtee core at " + socket + ": " + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The socket this context is connected to. */
    public Path socket() {
        return connection.socket();
    }

    /** True until the context is closed or its connection failed. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /**
     * {@code TEEC_OpenSession} with a login that takes no connection data ({@code PUBLIC},
     * {@code USER}, …).
     *
     * @throws TeeException as {@link #openSession(UUID, int, int, Operation)}; for a
     *     {@code GROUP} login, {@code TEE_ERROR_BAD_PARAMETERS} (origin API): it needs the group id
     */
    public TeeSession openSession(UUID ta, int login, Operation op) throws TeeException {
        if (login == LoginMethod.GROUP) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "OpenSession of TA " + ta
                    + ": a GROUP login needs the group id; use openSession(ta, GROUP, gid, op)");
        }
        return openSession(ta, login, 0, op);
    }

    /**
     * {@code TEEC_OpenSession}. The core derives the client identity from the socket's peer
     * credentials and {@code login} ({@link LoginMethod}) as OP-TEE's Linux driver does.
     *
     * @param connectionGroupId the group id of a {@code GROUP} login ({@code connectionData});
     *     ignored for the other logins
     * @param op the parameters for the TA's open entry point, or null for none; written back
     *     whatever the result
     * @throws TeeException the core's or the TA's result with its origin (message "OpenSession of
     *     TA &lt;uuid&gt;", then the core's reason if it gave one: where it looked for a TA it did
     *     not find, why it refused a TA's image, or a development core's TA's own message);
     *     {@code TEE_ERROR_BAD_PARAMETERS} (origin API) for arguments the library
     *     refuses; {@code TEE_ERROR_COMMUNICATION} (origin COMMS) if the connection fails
     */
    public TeeSession openSession(UUID ta, int login, int connectionGroupId, Operation op) throws TeeException {
        if (ta == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "OpenSession: the TA UUID is null");
        }
        WireParams params = encode(op, ta, 0, 0);
        Message.OpenSession request = new Message.OpenSession(ta, login,
                login == LoginMethod.GROUP ? connectionGroupId : 0, params);
        Message.OpenSessionReply r = (Message.OpenSessionReply) exchange(op, request, ta, 0, 0);
        writeBack(op, params, r.params(), ta, 0, 0);
        if (r.result() != TeeResult.SUCCESS) {
            throw new TeeException(r.result(), r.origin(), withDetail(describe(ta, 0, 0), r.detail()));
        }
        return new TeeSession(this, r.sessionId());
    }

    void invoke(TeeSession session, int commandId, Operation op) throws TeeException {
        int sid = session.id();
        if (session.isClosed()) {
            throw new TeeException(TeeResult.BAD_STATE, ReturnOrigin.API, describe(null, sid, commandId)
                    + ": the session is closed");
        }
        WireParams params = encode(op, null, sid, commandId);
        Message.InvokeReply r = (Message.InvokeReply) exchange(op, new Message.Invoke(sid, commandId, params),
                null, sid, commandId);
        writeBack(op, params, r.params(), null, sid, commandId);
        if (r.result() != TeeResult.SUCCESS) {
            throw new TeeException(r.result(), r.origin(), withDetail(describe(null, sid, commandId), r.detail()));
        }
    }

    /**
     * What failed, then why, when the core said why (a reply's detail): its reason for refusing a
     * TA — where it looked for it, why it refused its image — or, from a development core, the
     * TA's own message.
     */
    private static String withDetail(String what, String detail) {
        return detail != null ? what + ": " + detail : what;
    }

    /** "OpenSession of TA …" or "InvokeCommand 0x… on session …"; built only when failing. */
    private static String describe(UUID ta, int sessionId, int commandId) {
        return ta != null ? "OpenSession of TA " + ta
                : "InvokeCommand 0x" + Integer.toHexString(commandId) + " on session " + Integer.toUnsignedString(sessionId);
    }

    private static TeeException comms(String what, ConnectionFailure e) {
        return new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, what + ": " + e.getMessage(), e.getCause());
    }

    /** Checks and encodes the parameters (libteec's pre-processing) and the frame bound. */
    private WireParams encode(Operation op, UUID ta, int sid, int cmd) throws TeeException {
        if (op == null) {
            return WireParams.EMPTY;
        }
        WireParams params;
        try {
            params = op.encode(this);
        } catch (BadArgument e) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, describe(ta, sid, cmd) + ": " + e.getMessage());
        }
        long requestBytes = FRAME_OVERHEAD_BYTES;
        long replyBytes = FRAME_OVERHEAD_BYTES;
        for (int i = 0; i < 4; i++) {
            WireParam p = params.get(i);
            if (p instanceof WireParam.Value) {
                requestBytes += 24;
                replyBytes += 24;
            } else if (p instanceof WireParam.TempMem) {
                WireParam.TempMem t = (WireParam.TempMem) p;
                requestBytes += 9 + t.data().length;
                replyBytes += WireParam.isOutput(t.type()) ? 12 + t.size() : 0;
            } else if (p instanceof WireParam.ShmRef) {
                requestBytes += 20;
                replyBytes += 8;
            }
        }
        int max = connection.maxFrameBytes();
        if (requestBytes > max || replyBytes > max) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, describe(ta, sid, cmd)
                    + ": the temporary memory references need frames of " + Math.max(requestBytes, replyBytes)
                    + " bytes, the core accepts at most " + max + "; pass large buffers in shared memory");
        }
        return params;
    }

    /** Sends the call and waits for its reply, with the operation marked running meanwhile. */
    private Message exchange(Operation op, Message request, UUID ta, int sid, int cmd) throws TeeException {
        long id = connection.nextRequestId();
        if (op == null) {
            try {
                return connection.call(id, request, null);
            } catch (ConnectionFailure e) {
                throw comms(describe(ta, sid, cmd), e);
            }
        }
        int begun = op.begin(connection, id);
        if (begun == Operation.IN_USE) {
            throw new TeeException(TeeResult.BAD_STATE, ReturnOrigin.API, describe(ta, sid, cmd)
                    + ": the operation is in use by another call");
        } else if (begun == Operation.CANCELLED) {
            throw new TeeException(TeeResult.CANCEL, ReturnOrigin.API, describe(ta, sid, cmd)
                    + ": the operation was cancelled before it started");
        }
        try {
            return connection.call(id, request, op.sentHook());
        } catch (ConnectionFailure e) {
            throw comms(describe(ta, sid, cmd), e);
        } finally {
            op.end();
        }
    }

    /** libteec's post-processing; a reply slot of another type than sent is a protocol error. */
    private void writeBack(Operation op, WireParams sent, WireParams reply, UUID ta, int sid, int cmd)
            throws TeeException {
        for (int i = 0; i < 4; i++) {
            int type = reply.get(i).type();
            if (type != WireParam.NONE && type != sent.get(i).type()) {
                String detail = "reply parameter " + i + " has wire type " + type + ", the request had "
                        + sent.get(i).type();
                connection.protocolError(detail);
                throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, describe(ta, sid, cmd)
                        + ": protocol error from core: " + detail);
            }
        }
        if (op != null) {
            op.writeBack(sent, reply);
        }
    }

    void closeSession(int sessionId) {
        try {
            connection.call(connection.nextRequestId(), new Message.CloseSession(sessionId), null);
        } catch (ConnectionFailure e) {
            // the connection is gone, and the session with it
        }
    }

    void release(int shmId) {
        try {
            connection.call(connection.nextRequestId(), new Message.UnregisterShm(shmId), null);
        } catch (ConnectionFailure e) {
            // the connection is gone, and the memory with it
        }
    }

    /**
     * {@code TEEC_AllocateSharedMemory}: {@code sizeBytes} of memory shared with the core (see
     * {@link SharedMemory}), zero-filled. The segment is a file in
     * {@link DefaultLocations#sharedMemoryDir()} ({@code $JTEE_SHM_DIR}, else {@code /dev/shm}),
     * created with mode 0600 under a random name, mapped by this process, registered with the
     * core (which maps it too) and unlinked, so no name stays behind. Size 0 is accepted.
     *
     * @param flags {@link SharedMemory#INPUT}, {@link SharedMemory#OUTPUT} or both
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} (origin API) for other flags, a
     *     negative size or more than {@code Integer.MAX_VALUE} bytes (the most Java maps);
     *     {@code TEE_ERROR_OUT_OF_MEMORY} (origin API) if the segment cannot be created; the core's
     *     result if it refuses; {@code TEE_ERROR_COMMUNICATION} (origin COMMS) if the connection fails
     */
    public SharedMemory allocateSharedMemory(long sizeBytes, int flags) throws TeeException {
        return createSharedMemory(sizeBytes, flags, null, "AllocateSharedMemory of " + sizeBytes + " bytes");
    }

    /**
     * {@code TEEC_RegisterSharedMemory} for {@code buffer}'s remaining bytes (from its position to
     * its limit), backed by a shadow copy: see {@link SharedMemory}. The buffer's position and limit
     * are not used again; the library keeps a view of that range.
     *
     * @throws TeeException as {@link #allocateSharedMemory}; {@code TEE_ERROR_BAD_PARAMETERS}
     *     (origin API) for a null buffer, or a read-only one with {@link SharedMemory#OUTPUT}
     */
    public SharedMemory registerSharedMemory(ByteBuffer buffer, int flags) throws TeeException {
        if (buffer == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "RegisterSharedMemory: the buffer is null");
        }
        String what = "RegisterSharedMemory of " + buffer.remaining() + " bytes";
        if ((flags & SharedMemory.OUTPUT) != 0 && buffer.isReadOnly()) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, what + ": a read-only buffer cannot be OUTPUT");
        }
        return createSharedMemory(buffer.remaining(), flags, buffer.slice(), what);
    }

    private SharedMemory createSharedMemory(long sizeBytes, int flags, ByteBuffer shadow, String what)
            throws TeeException {
        if (flags == 0 || (flags & ~(SharedMemory.INPUT | SharedMemory.OUTPUT)) != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, what + ": flags " + flags
                    + " are not INPUT (1), OUTPUT (2) or both");
        }
        if (sizeBytes < 0 || sizeBytes > Integer.MAX_VALUE) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, what + ": Java maps 0 to "
                    + Integer.MAX_VALUE + " bytes");
        }
        try {
            connection.checkOpen(); // no file for a context that cannot register it
        } catch (ConnectionFailure e) {
            throw comms(what, e);
        }
        Segment segment;
        try {
            segment = Segment.create(sizeBytes);
        } catch (IOException e) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.API, what + ": cannot create a segment in "
                    + DefaultLocations.sharedMemoryDir() + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.API, what + ": the file system of "
                    + DefaultLocations.sharedMemoryDir() + " has no POSIX permissions", e);
        }
        try {
            Message.RegisterShmReply r;
            try {
                r = (Message.RegisterShmReply) connection.call(connection.nextRequestId(),
                        new Message.RegisterShm(sizeBytes, flags, segment.path().toString()), null);
            } catch (ConnectionFailure e) {
                throw comms(what, e);
            }
            if (r.result() != TeeResult.SUCCESS) {
                throw new TeeException(r.result(), r.origin(), what);
            }
            return new SharedMemory(this, r.shmId(), sizeBytes, flags, segment.buffer(), shadow);
        } finally {
            segment.unlink(); // the core has mapped it (or refused): the name must not linger
        }
    }

    /**
     * {@code TEEC_FinalizeContext}: closes the connection; the core closes the context's sessions
     * and releases its shared memory. Calls in flight fail with {@code TEE_ERROR_COMMUNICATION}.
     * Idempotent.
     */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "TeeContext[" + connection.socket() + (connection.isOpen() ? "" : ", closed") + "]";
    }
}
