package org.jtee.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/** A client that speaks the protocol frame by frame, or sends raw bytes, to test the core's defences. */
final class RawConnection implements AutoCloseable {
    final UnixConnection socket;
    final FrameChannel frames;
    private long nextId = 1;

    private RawConnection(UnixConnection socket) {
        this.socket = socket;
        this.frames = new FrameChannel(socket);
    }

    static RawConnection open(Path path) throws IOException {
        return new RawConnection(UnixConnection.connect(path));
    }

    /** Connects and completes the HELLO exchange. */
    static RawConnection greeted(Path path) throws IOException, ProtocolException {
        RawConnection c = open(path);
        Message.HelloReply r = (Message.HelloReply) c.call(new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_CLIENT));
        if (r.result() != 0) {
            throw new IOException("HELLO refused: " + r.result());
        }
        return c;
    }

    /** Sends {@code m} and reads the next frame, which must answer it. */
    Message call(Message m) throws IOException, ProtocolException {
        long id = nextId++;
        frames.write(id, m);
        Frame f = frames.read();
        if (f == null) {
            throw new IOException("core closed the connection");
        }
        if (f.requestId() != id) {
            throw new IOException("reply to " + f.requestId() + ", expected " + id);
        }
        return f.message();
    }

    void send(long id, Message m) throws IOException {
        frames.write(id, m);
    }

    void sendBytes(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            socket.write(b);
        }
    }

    /** True if the core closed the connection: reading yields end of stream (or a reset). */
    boolean isClosedByPeer() {
        try {
            ByteBuffer b = ByteBuffer.allocate(1);
            return socket.read(b) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
