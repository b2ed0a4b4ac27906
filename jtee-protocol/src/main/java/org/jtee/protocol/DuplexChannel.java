package org.jtee.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Two one-way channels (a child process's pipes, standard input and output, an in-memory pipe)
 * as the one channel a {@link FrameChannel} runs on.
 */
public record DuplexChannel(ReadableByteChannel in, WritableByteChannel out) implements ByteChannel {
    /** The output as a channel that flushes every write: the JDK buffers a child process's stdin. */
    public static WritableByteChannel flushing(OutputStream out) {
        return new WritableByteChannel() {
            private boolean open = true;

            @Override
            public int write(ByteBuffer src) throws IOException {
                byte[] b = new byte[src.remaining()];
                src.get(b);
                out.write(b);
                out.flush();
                return b.length;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() throws IOException {
                open = false;
                out.close();
            }
        };
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return in.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return out.write(src);
    }

    @Override
    public boolean isOpen() {
        return in.isOpen() && out.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            out.close();
        }
    }
}
