package org.jtee.storage;

import java.util.SortedSet;
import org.jtee.common.TeeException;

/**
 * Where a {@link LogStore} keeps its log: numbered segments of at most {@link #segmentBytes()}
 * bytes, written append-only. On the REE FS a segment is a file of the supplicant's; on RPMB a
 * fixed slot of the partition. Nothing read from here is trusted.
 */
interface SegmentDevice {
    /** The largest size of one segment. */
    int segmentBytes();

    /** Records start at multiples of this (1 for files, the RPMB block size on RPMB). */
    int alignment();

    /** How many segments the device can hold at once ({@code Integer.MAX_VALUE} for files). */
    int capacity() throws TeeException;

    /** The numbers of the segments that appear to exist (claimed, unverified). */
    SortedSet<Long> segments() throws TeeException;

    /** Up to {@code length} bytes of segment {@code segment} from {@code offset}. */
    byte[] read(long segment, int offset, int length) throws TeeException;

    /**
     * Writes {@code data} at {@code offset} of {@code segment} (created if new), durable on return.
     * {@code offset} is a multiple of {@link #alignment()}.
     */
    void write(long segment, int offset, byte[] data) throws TeeException;

    /** Drops a segment whose content is no longer needed. */
    void release(long segment) throws TeeException;

    /** A name for messages. */
    String name();
}
