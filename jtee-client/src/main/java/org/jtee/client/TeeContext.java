package org.jtee.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import org.jtee.client.internal.Connection;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;

/**
 * A connection to a jtee core ({@code TEEC_Context}). Thread-safe: any number of threads may
 * open sessions and invoke commands on one context at once. Closing it ends every session and
 * releases every shared memory of the context in the core.
 */
public final class TeeContext implements AutoCloseable {
    private static final SecureRandom NAMES = new SecureRandom();

    private final Path socket;
    private final Connection connection;
    private final int maxFrameBytes;

    private TeeContext(Path socket, Connection connection, int maxFrameBytes) {
        this.socket = socket;
        this.connection = connection;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** {@code TEEC_InitializeContext} with the default socket ({@code $JTEE_SOCKET} or the state directory's). */
    public static TeeContext open() throws TeeException {
        return open(DefaultLocations.clientSocket());
    }

    /**
     * {@code TEEC_InitializeContext} for the core listening on {@code socket}.
     *
     * @throws TeeException {@code TEE_ERROR_COMMUNICATION} (origin COMMS) naming the socket if no
     *     core answers there
     */
    public static TeeContext open(Path socket) throws TeeException {
        Connection c;
        try {
            c = Connection.connect(socket);
        } catch (IOException e) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, "no jtee core at " + socket + ": "
                    + e.getMessage() + "; start one with 'bin/jtee up'", e);
        }
        try {
            Message m = c.call(c.nextId(), new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_CLIENT));
            Message.HelloReply r = (Message.HelloReply) m;
            if (r.result() != TeeResult.SUCCESS) {
                throw new TeeException(r.result(), ReturnOrigin.COMMS, "the core at " + socket + " refused the connection");
            }
            c.maxFrameBytes(r.maxFrameBytes());
            return new TeeContext(socket, c, r.maxFrameBytes());
        } catch (IOException e) {
            c.close();
            throw comms("HELLO with the core at " + socket, e);
        } catch (TeeException e) {
            c.close();
            throw e;
        }
    }

    private static TeeException comms(String what, IOException e) {
        return new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, what + " failed: " + e.getMessage(), e);
    }

    /** Largest temporary buffer a frame can carry (with room for the header and other slots). */
    int maxInlineBytes() {
        return maxFrameBytes - 4096;
    }

    /** {@code TEEC_OpenSession} with a login that needs no connection data (PUBLIC, USER). */
    public TeeSession openSession(UUID ta, int login, Operation op) throws TeeException {
        if (login == LoginMethod.GROUP) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "a GROUP login needs the group id");
        }
        return openSession(ta, login, 0, op);
    }

    /** {@code TEEC_OpenSession}; {@code groupId} is the connection data of a GROUP login. */
    public TeeSession openSession(UUID ta, int login, int groupId, Operation op) throws TeeException {
        Operation operation = op == null ? Operation.of() : op;
        WireParams params = operation.toWire(this);
        long id = connection.nextId();
        operation.begin(this, id);
        try {
            Message.OpenSessionReply r = (Message.OpenSessionReply) call(id,
                    new Message.OpenSession(ta, login, groupId, params), "OpenSession of TA " + ta);
            operation.writeBack(r.params());
            check(r.result(), r.origin(), "OpenSession of TA " + ta);
            return new TeeSession(this, r.sessionId());
        } finally {
            operation.end();
        }
    }

    void invoke(TeeSession session, int commandId, Operation op) throws TeeException {
        WireParams params = op.toWire(this);
        long id = connection.nextId();
        op.begin(this, id);
        try {
            Message.InvokeReply r;
            try {
                r = (Message.InvokeReply) connection.call(id, new Message.Invoke(session.id(), commandId, params));
            } catch (IOException e) {
                throw comms(describeInvoke(session, commandId) + " on " + socket, e);
            }
            op.writeBack(r.params());
            if (r.result() != TeeResult.SUCCESS) {
                throw new TeeException(r.result(), r.origin(), describeInvoke(session, commandId));
            }
        } finally {
            op.end();
        }
    }

    private static String describeInvoke(TeeSession session, int commandId) {
        return String.format("InvokeCommand 0x%x on session %d", commandId, session.id());
    }

    private Message call(long id, Message request, String what) throws TeeException {
        try {
            return connection.call(id, request);
        } catch (IOException e) {
            throw comms(what + " on " + socket, e);
        }
    }

    private static void check(int result, int origin, String what) throws TeeException {
        if (result != TeeResult.SUCCESS) {
            throw new TeeException(result, origin, what);
        }
    }

    void closeSession(int sessionId) {
        try {
            call(connection.nextId(), new Message.CloseSession(sessionId), "CloseSession");
        } catch (TeeException e) {
            // the context is gone, and the session with it
        }
    }

    void cancel(long targetRequestId) {
        try {
            call(connection.nextId(), new Message.Cancel(targetRequestId), "RequestCancellation");
        } catch (TeeException e) {
            // best effort, as TEEC_RequestCancellation
        }
    }

    void unregister(int shmId) {
        try {
            call(connection.nextId(), new Message.UnregisterShm(shmId), "ReleaseSharedMemory");
        } catch (TeeException e) {
            // the context is gone, and the memory with it
        }
    }

    /**
     * {@code TEEC_AllocateSharedMemory}: a segment both this process and the core map.
     *
     * @param flags {@link SharedMemory#INPUT}, {@link SharedMemory#OUTPUT} or both
     */
    public SharedMemory allocateSharedMemory(long size, int flags) throws TeeException {
        return allocate(size, flags, null);
    }

    /**
     * {@code TEEC_RegisterSharedMemory} for {@code buffer}'s remaining bytes, as a shadow copy
     * (see {@link SharedMemory}).
     */
    public SharedMemory registerSharedMemory(ByteBuffer buffer, int flags) throws TeeException {
        return allocate(buffer.remaining(), flags, buffer.slice());
    }

    private SharedMemory allocate(long size, int flags, ByteBuffer shadow) throws TeeException {
        if (flags == 0 || (flags & ~(SharedMemory.INPUT | SharedMemory.OUTPUT)) != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "flags must be INPUT, OUTPUT or both");
        }
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "shared memory of " + size
                    + " bytes: Java maps at most " + Integer.MAX_VALUE);
        }
        Path file = DefaultLocations.sharedMemoryDir().resolve("jtee-shm-" + HexFormat.of().formatHex(randomName()));
        try {
            MappedByteBuffer mapped = createSegment(file, size);
            Message.RegisterShmReply r = (Message.RegisterShmReply) call(connection.nextId(),
                    new Message.RegisterShm(size, flags, file.toAbsolutePath().toString()), "RegisterSharedMemory");
            check(r.result(), r.origin(), "RegisterSharedMemory of " + size + " bytes");
            return new SharedMemory(this, r.shmId(), size, flags, mapped, shadow);
        } catch (IOException e) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.API, "cannot create shared memory in "
                    + file.getParent() + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the name is random and the file harmless; nothing to undo
            }
        }
    }

    private static byte[] randomName() {
        byte[] b = new byte[12];
        NAMES.nextBytes(b);
        return b;
    }

    private static MappedByteBuffer createSegment(Path file, long size) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (size == 0) {
                return null;
            }
            ch.write(ByteBuffer.allocate(1), size - 1);
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    /** The socket this context is connected to. */
    public Path socket() {
        return socket;
    }

    /** {@code TEEC_FinalizeContext}. Idempotent. */
    @Override
    public void close() {
        connection.close();
    }
}
