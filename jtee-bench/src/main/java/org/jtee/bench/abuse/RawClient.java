package org.jtee.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.jtee.common.LoginMethod;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;

/**
 * A client below the client API: frames written and read one by one, so it can do what the
 * library never would (not read, send half a frame, cancel at will). Closing it from any thread
 * ends a blocked read or write.
 */
final class RawClient implements AutoCloseable {
    final UnixConnection socket;
    final FrameChannel frames;
    private long nextId = 1;

    private RawClient(UnixConnection socket) {
        this.socket = socket;
        this.frames = new FrameChannel(socket);
    }

    /** Connects without a HELLO. */
    static RawClient connect(Path path) throws IOException {
        return new RawClient(UnixConnection.connect(path));
    }

    /** Connects and completes the HELLO exchange. */
    static RawClient greeted(Path path) throws IOException {
        RawClient c = connect(path);
        try {
            Message.HelloReply r = (Message.HelloReply) c.call(new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_CLIENT));
            if (r.result() != 0) {
                throw new IOException("HELLO refused: " + Integer.toHexString(r.result()));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A new request id. */
    synchronized long nextId() {
        return nextId++;
    }

    /** Sends {@code m} under a new id; returns the id. */
    long send(Message m) throws IOException {
        long id = nextId();
        frames.write(id, m);
        return id;
    }

    /** Sends {@code m} and reads frames until the one that answers it. */
    Message call(Message m) throws IOException {
        long id = send(m);
        while (true) {
            Frame f = read();
            if (f.requestId() == id) {
                return f.message();
            }
        }
    }

    /**
     * As {@link #call}, but if no answer has come within {@code millis} the connection is closed
     * and an IOException says so.
     */
    Message callWithin(Message m, long millis) throws IOException {
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(socket::close, millis,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return call(m);
        } catch (IOException e) {
            throw watchdog.isDone() ? new IOException("no reply within " + millis + " ms; closed the connection", e) : e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Closes connections whose reply is late ({@link #callWithin}). */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("abuse-reply-watchdog").unstarted(r));

    /** The next frame. */
    Frame read() throws IOException {
        try {
            Frame f = frames.read();
            if (f == null) {
                throw new IOException("the core closed the connection");
            }
            return f;
        } catch (ProtocolException e) {
            throw new IOException("the core sent a malformed frame: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a session to {@code ta} with login PUBLIC and no parameters.
     *
     * @return the session id
     * @throws IOException if the core refuses (naming the result) or the connection fails
     */
    int openSession(UUID ta) throws IOException {
        Message.OpenSessionReply r = (Message.OpenSessionReply) call(
                new Message.OpenSession(ta, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
        if (r.result() != 0) {
            throw new IOException("OPEN_SESSION of " + ta + " refused: " + Integer.toHexString(r.result()));
        }
        return r.sessionId();
    }

    /** Writes raw bytes, the whole buffer. */
    void writeBytes(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            socket.write(b);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
