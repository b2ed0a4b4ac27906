package org.jtee.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;

/** Two in-memory pipes as a link between a core and an in-process supplicant, one end each. */
final class MemoryLink {
    private final ByteChannel coreEnd;
    private final ByteChannel supplicantEnd;

    private MemoryLink(ByteChannel coreEnd, ByteChannel supplicantEnd) {
        this.coreEnd = coreEnd;
        this.supplicantEnd = supplicantEnd;
    }

    static MemoryLink open() throws IOException {
        Pipe toCore = Pipe.open();
        Pipe toSupplicant = Pipe.open();
        return new MemoryLink(duplex(toCore.source(), toSupplicant.sink()), duplex(toSupplicant.source(), toCore.sink()));
    }

    /** What the core reads and writes. */
    ByteChannel coreEnd() {
        return coreEnd;
    }

    /** What the supplicant reads and writes. */
    ByteChannel supplicantEnd() {
        return supplicantEnd;
    }

    private static ByteChannel duplex(Pipe.SourceChannel in, Pipe.SinkChannel out) {
        return new ByteChannel() {
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
        };
    }
}
