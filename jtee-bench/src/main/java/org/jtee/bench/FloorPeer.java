package org.jtee.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The other JVM of the bench's floors ({@link Floors}), with nothing of jtee in its path.
 *
 * <pre>
 *   FloorPeer hello                            prints "hello", exits: a bare JVM's first answer
 *   FloorPeer echo SOCKET REQUEST_BYTES REPLY_BYTES
 *       binds SOCKET, prints "ready", accepts one connection, then reads REQUEST_BYTES and
 *       writes REPLY_BYTES until the peer closes; exits
 * </pre>
 */
public final class FloorPeer {
    /** The line {@code hello} prints. */
    static final String HELLO = "hello";
    /** The line {@code echo} prints once it listens. */
    static final String READY = "ready";

    private FloorPeer() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("hello")) {
            System.out.println(HELLO);
        } else if (args.length == 4 && args[0].equals("echo")) {
            echo(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: FloorPeer hello | FloorPeer echo SOCKET REQUEST_BYTES REPLY_BYTES");
            System.exit(2);
        }
    }

    private static void echo(Path socket, int requestBytes, int replyBytes) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println(READY);
            System.out.flush();
            try (SocketChannel c = server.accept()) {
                ByteBuffer in = ByteBuffer.allocateDirect(requestBytes);
                ByteBuffer out = ByteBuffer.allocateDirect(replyBytes);
                while (readFully(c, in.clear())) {
                    writeFully(c, out.clear());
                }
            }
        }
    }

    /** Fills {@code b}; false at end of stream. */
    static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }
}
