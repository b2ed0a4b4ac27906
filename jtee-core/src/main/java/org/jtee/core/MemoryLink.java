package org.jtee.core;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;
import org.jtee.protocol.DuplexChannel;

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
        return new MemoryLink(new DuplexChannel(toCore.source(), toSupplicant.sink()),
                new DuplexChannel(toSupplicant.source(), toCore.sink()));
    }

    /** What the core reads and writes. */
    ByteChannel coreEnd() {
        return coreEnd;
    }

    /** What the supplicant reads and writes. */
    ByteChannel supplicantEnd() {
        return supplicantEnd;
    }
}
