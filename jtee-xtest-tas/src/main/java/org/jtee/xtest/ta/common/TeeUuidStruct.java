package org.jtee.xtest.ta.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * A UUID as the C struct {@code TEE_UUID} (= {@code TEEC_UUID}) that OP-TEE's test TAs and xtest
 * put in memory references, in the byte order of x86-64 and AArch64:
 *
 * <pre>
 * offset 0  u32 timeLow            little-endian
 *        4  u16 timeMid            little-endian
 *        6  u16 timeHiAndVersion   little-endian
 *        8  u8[8] clockSeqAndNode  as written
 * </pre>
 *
 * Not the RFC 4122 octet string: the first three fields are byte-swapped.
 */
public final class TeeUuidStruct {
    /** The struct's size in bytes. */
    public static final int BYTES = 16;

    private TeeUuidStruct() {}

    /** The struct holding {@code uuid}. */
    public static byte[] encode(UUID uuid) {
        long msb = uuid.getMostSignificantBits();
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
        b.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
        return b.array();
    }

    /**
     * The UUID in the first {@link #BYTES} bytes of {@code struct}.
     *
     * @throws IllegalArgumentException if {@code struct} is shorter
     */
    public static UUID decode(MemorySegment struct) {
        if (struct.byteSize() < BYTES) {
            throw new IllegalArgumentException("a TEE_UUID is 16 bytes, got " + struct.byteSize());
        }
        ByteBuffer b = ByteBuffer.wrap(struct.asSlice(0, BYTES).toArray(ValueLayout.JAVA_BYTE)).order(ByteOrder.LITTLE_ENDIAN);
        long timeLow = Integer.toUnsignedLong(b.getInt());
        long timeMid = Short.toUnsignedLong(b.getShort());
        long timeHi = Short.toUnsignedLong(b.getShort());
        long lsb = b.order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(timeLow << 32 | timeMid << 16 | timeHi, lsb);
    }
}
