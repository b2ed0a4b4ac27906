package org.jtee.storage;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jtee.common.TeeException;

/**
 * Log segments as files of the supplicant's: {@code <prefix>-<16 hex digits>}, named by segment
 * number only. A segment is preallocated with real zeros a step ahead of its writes, so that an
 * appended record changes no file metadata and its fdatasync is a single device flush.
 */
final class ReeSegments implements SegmentDevice {
    static final int DEFAULT_SEGMENT_BYTES = 8 << 20;
    static final int PREALLOCATION_STEP = 1 << 20;

    private final ReeFiles files;
    private final String prefix;
    private final int segmentBytes;
    private long preallocatedSegment = -1;
    private long preallocatedBytes;

    ReeSegments(ReeFiles files, String prefix, int segmentBytes) {
        this.files = files;
        this.prefix = prefix;
        this.segmentBytes = segmentBytes;
    }

    String fileName(long segment) {
        return String.format("%s-%016x", prefix, segment);
    }

    @Override
    public int segmentBytes() {
        return segmentBytes;
    }

    @Override
    public int alignment() {
        return 1;
    }

    @Override
    public int capacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public SortedSet<Long> segments() throws TeeException {
        SortedSet<Long> out = new TreeSet<>();
        for (Map.Entry<String, Long> e : files.list().entrySet()) {
            String n = e.getKey();
            if (n.length() == prefix.length() + 17 && n.startsWith(prefix + "-")) {
                try {
                    out.add(Long.parseUnsignedLong(n.substring(prefix.length() + 1), 16));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return out;
    }

    @Override
    public byte[] read(long segment, int offset, int length) throws TeeException {
        return files.read(fileName(segment), offset, length);
    }

    @Override
    public synchronized void write(long segment, int offset, byte[] data) throws TeeException {
        long end = (long) offset + data.length;
        if (segment != preallocatedSegment || end > preallocatedBytes) {
            long target = Math.min(segmentBytes, (end / PREALLOCATION_STEP + 1) * PREALLOCATION_STEP);
            files.preallocate(fileName(segment), Math.max(target, end));
            preallocatedSegment = segment;
            preallocatedBytes = Math.max(target, end);
        }
        files.write(fileName(segment), offset, data, true);
    }

    @Override
    public void release(long segment) throws TeeException {
        files.remove(fileName(segment));
    }

    @Override
    public String name() {
        return "REE FS";
    }
}
