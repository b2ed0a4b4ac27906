package org.jtee.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jtee.common.TeeException;

/**
 * Log segments on an RPMB partition: the partition is cut into slots of {@link #SLOT_BLOCKS}
 * blocks, and segment {@code n} lives in slot {@code n mod slots}, a ring. Records start on block
 * boundaries, so a write never shares a block with an earlier record, and each write request of
 * the device is atomic. A slot's claimed segment number is read from its first record's header;
 * a slot that holds an older lap's bytes, or none, claims another number or nothing.
 */
final class RpmbSegments implements SegmentDevice {
    /** 64 KiB per segment. */
    static final int SLOT_BLOCKS = 256;
    private static final int MAX_READ_BLOCKS = 64;

    private final RpmbBlocks rpmb;
    private int slots = -1;

    RpmbSegments(RpmbBlocks rpmb) {
        this.rpmb = rpmb;
    }

    @Override
    public int segmentBytes() {
        return SLOT_BLOCKS * RpmbBlocks.BLOCK_BYTES;
    }

    @Override
    public int alignment() {
        return RpmbBlocks.BLOCK_BYTES;
    }

    @Override
    public synchronized int capacity() throws TeeException {
        if (slots < 0) {
            slots = rpmb.blockCount() / SLOT_BLOCKS;
        }
        return slots;
    }

    private int firstBlock(long segment) throws TeeException {
        return (int) Math.floorMod(segment, (long) capacity()) * SLOT_BLOCKS;
    }

    @Override
    public SortedSet<Long> segments() throws TeeException {
        SortedSet<Long> out = new TreeSet<>();
        for (int slot = 0; slot < capacity(); slot++) {
            ByteBuffer b = ByteBuffer.wrap(rpmb.read(slot * SLOT_BLOCKS, 1));
            if (b.getInt() != LogStore.MAGIC) {
                continue;
            }
            long claimed = b.getLong(8);
            if (claimed > 0 && Math.floorMod(claimed, (long) capacity()) == slot) {
                out.add(claimed);
            }
        }
        return out;
    }

    @Override
    public byte[] read(long segment, int offset, int length) throws TeeException {
        int end = Math.min(segmentBytes(), offset + length);
        if (offset >= end) {
            return new byte[0];
        }
        int firstBlock = offset / RpmbBlocks.BLOCK_BYTES;
        int lastBlock = (end - 1) / RpmbBlocks.BLOCK_BYTES;
        byte[] blocks = new byte[(lastBlock - firstBlock + 1) * RpmbBlocks.BLOCK_BYTES];
        int base = firstBlock(segment);
        for (int b = firstBlock; b <= lastBlock; b += MAX_READ_BLOCKS) {
            int n = Math.min(MAX_READ_BLOCKS, lastBlock - b + 1);
            byte[] got = rpmb.read(base + b, n);
            System.arraycopy(got, 0, blocks, (b - firstBlock) * RpmbBlocks.BLOCK_BYTES, n * RpmbBlocks.BLOCK_BYTES);
        }
        int skip = offset - firstBlock * RpmbBlocks.BLOCK_BYTES;
        return Arrays.copyOfRange(blocks, skip, skip + (end - offset));
    }

    @Override
    public void write(long segment, int offset, byte[] data) throws TeeException {
        int padded = (data.length + RpmbBlocks.BLOCK_BYTES - 1) / RpmbBlocks.BLOCK_BYTES * RpmbBlocks.BLOCK_BYTES;
        rpmb.write(firstBlock(segment) + offset / RpmbBlocks.BLOCK_BYTES, Arrays.copyOf(data, padded));
    }

    @Override
    public void release(long segment) {
        // the slot is simply reused by a later lap of the ring
    }

    @Override
    public String name() {
        return "RPMB";
    }
}
