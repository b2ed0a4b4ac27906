package org.jtee.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The operations one commit of the log carries, and their encoding in the record's (encrypted)
 * metadata. Integers are big-endian. A chunk is either new (its ciphertext travels in the
 * record's data area, and it is placed when the record is) or a reference to a chunk already in
 * the log; both are encoded as its location, {@code u64 segment | u32 position | u32 length |
 * nonce[12] | tag[16]}.
 *
 * <pre>
 * OBJECT   1 | u64 number | uuid[16] | u8 idLen | id | i32 type | i32 objectSize | i32 maxObjectSize
 *            | i32 usage | u64 dataSize | wrappedFek[60] | u64 replaces (0: none)
 *            | u8 hasAttrs | [chunk]                      (a new object, or the whole state of one)
 * BLOCKS   2 | u64 number | u64 dataSize | u32 count | count × (u32 index | chunk)
 * TRUNCATE 3 | u64 number | u64 dataSize                  (blocks wholly past it are dropped)
 * RENAME   4 | u64 number | u8 idLen | id
 * DELETE   5 | u64 number
 * USAGE    6 | u64 number | i32 usage
 * </pre>
 */
final class LogOps {
    static final int CHUNK_REF_BYTES = 8 + 4 + 4 + 12 + 16;

    private LogOps() {}

    /** A chunk as an operation carries it. */
    sealed interface ChunkSource permits NewChunk, OldChunk {}

    /** Ciphertext that goes into this record's data area; {@link #placed} once the record is laid out. */
    static final class NewChunk implements ChunkSource {
        final byte[] ciphertext;
        final byte[] nonce;
        final byte[] tag;
        /** The plaintext, for the cache (null when the chunk is a copy). */
        final byte[] plaintext;
        Chunk placed;

        NewChunk(byte[] ciphertext, byte[] nonce, byte[] tag, byte[] plaintext) {
            this.ciphertext = ciphertext;
            this.nonce = nonce;
            this.tag = tag;
            this.plaintext = plaintext;
        }
    }

    /** A chunk already in the log, referenced where it is. */
    record OldChunk(Chunk chunk) implements ChunkSource {}

    sealed interface Op permits ObjectOp, BlocksOp, TruncateOp, RenameOp, DeleteOp, UsageOp {
        long number();
    }

    record ObjectOp(long number, UUID owner, byte[] id, int type, int objectSize, int maxObjectSize, int usage,
            long dataSize, byte[] wrappedFek, long replaces, ChunkSource attrs) implements Op {}

    record Block(int index, ChunkSource chunk) {}

    record BlocksOp(long number, long dataSize, List<Block> blocks) implements Op {}

    record TruncateOp(long number, long dataSize) implements Op {}

    record RenameOp(long number, byte[] id) implements Op {}

    record DeleteOp(long number) implements Op {}

    record UsageOp(long number, int usage) implements Op {}

    /**
     * Encodes {@code ops}, placing new chunks from {@code dataStart} of {@code segment} in order;
     * {@code data} receives their ciphertext.
     */
    static byte[] encode(List<Op> ops, long tail, long nextNumber, long segment, int dataStart, ByteArrayOutputStream data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(tail);
            out.writeLong(nextNumber);
            out.writeInt(ops.size());
            int[] next = {dataStart};
            for (Op op : ops) {
                switch (op) {
                    case ObjectOp o -> {
                        out.writeByte(1);
                        out.writeLong(o.number());
                        out.write(StorageKeys.uuidBytes(o.owner()));
                        out.writeByte(o.id().length);
                        out.write(o.id());
                        out.writeInt(o.type());
                        out.writeInt(o.objectSize());
                        out.writeInt(o.maxObjectSize());
                        out.writeInt(o.usage());
                        out.writeLong(o.dataSize());
                        out.write(o.wrappedFek());
                        out.writeLong(o.replaces());
                        out.writeByte(o.attrs() == null ? 0 : 1);
                        if (o.attrs() != null) {
                            writeChunk(out, o.attrs(), segment, next, data);
                        }
                    }
                    case BlocksOp b -> {
                        out.writeByte(2);
                        out.writeLong(b.number());
                        out.writeLong(b.dataSize());
                        out.writeInt(b.blocks().size());
                        for (Block k : b.blocks()) {
                            out.writeInt(k.index());
                            writeChunk(out, k.chunk(), segment, next, data);
                        }
                    }
                    case TruncateOp t -> {
                        out.writeByte(3);
                        out.writeLong(t.number());
                        out.writeLong(t.dataSize());
                    }
                    case RenameOp r -> {
                        out.writeByte(4);
                        out.writeLong(r.number());
                        out.writeByte(r.id().length);
                        out.write(r.id());
                    }
                    case DeleteOp d -> {
                        out.writeByte(5);
                        out.writeLong(d.number());
                    }
                    case UsageOp u -> {
                        out.writeByte(6);
                        out.writeLong(u.number());
                        out.writeInt(u.usage());
                    }
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeChunk(DataOutputStream out, ChunkSource source, long segment, int[] next,
            ByteArrayOutputStream data) throws IOException {
        Chunk c;
        if (source instanceof NewChunk n) {
            c = new Chunk(segment, next[0], n.ciphertext.length, n.nonce, n.tag);
            next[0] += n.ciphertext.length;
            if (data != null) {
                data.write(n.ciphertext);
            }
            n.placed = c;
        } else {
            c = ((OldChunk) source).chunk();
        }
        out.writeLong(c.segment);
        out.writeInt(c.position);
        out.writeInt(c.length);
        out.write(c.nonce);
        out.write(c.tag);
    }

    /** What a record's metadata says. */
    record Decoded(long tail, long nextNumber, List<Op> ops) {}

    /**
     * Decodes metadata that authenticated; a malformed one is a broken store (it was written by
     * a core with the store key, so it cannot be malformed unless the key is known to another).
     */
    static Decoded decode(byte[] meta) {
        try {
            ByteBuffer in = ByteBuffer.wrap(meta);
            long tail = in.getLong();
            long nextNumber = in.getLong();
            int n = in.getInt();
            if (n < 0 || n > meta.length) {
                throw new IllegalArgumentException("operation count " + n);
            }
            List<Op> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int kind = in.get();
                long number = in.getLong();
                ops.add(switch (kind) {
                    case 1 -> {
                        UUID owner = new UUID(in.getLong(), in.getLong());
                        byte[] id = bytes(in, in.get() & 0xFF);
                        int type = in.getInt();
                        int size = in.getInt();
                        int max = in.getInt();
                        int usage = in.getInt();
                        long dataSize = in.getLong();
                        byte[] fek = bytes(in, StorageKeys.WRAPPED_FEK_BYTES);
                        long replaces = in.getLong();
                        ChunkSource attrs = in.get() != 0 ? new OldChunk(readChunk(in)) : null;
                        yield new ObjectOp(number, owner, id, type, size, max, usage, dataSize, fek, replaces, attrs);
                    }
                    case 2 -> {
                        long dataSize = in.getLong();
                        int count = in.getInt();
                        if (count < 0 || count > meta.length / CHUNK_REF_BYTES) {
                            throw new IllegalArgumentException("block count " + count);
                        }
                        List<Block> blocks = new ArrayList<>(count);
                        for (int k = 0; k < count; k++) {
                            blocks.add(new Block(in.getInt(), new OldChunk(readChunk(in))));
                        }
                        yield new BlocksOp(number, dataSize, blocks);
                    }
                    case 3 -> new TruncateOp(number, in.getLong());
                    case 4 -> new RenameOp(number, bytes(in, in.get() & 0xFF));
                    case 5 -> new DeleteOp(number);
                    case 6 -> new UsageOp(number, in.getInt());
                    default -> throw new IllegalArgumentException("operation kind " + kind);
                });
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last operation");
            }
            return new Decoded(tail, nextNumber, ops);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("metadata ends early", e);
        }
    }

    private static Chunk readChunk(ByteBuffer in) {
        long segment = in.getLong();
        int position = in.getInt();
        int length = in.getInt();
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("chunk at " + position + " of " + length + " bytes");
        }
        return new Chunk(segment, position, length, bytes(in, 12), bytes(in, 16));
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        if (n > ObjectStore.MAX_ID_BYTES && n != StorageKeys.WRAPPED_FEK_BYTES && n != 12 && n != 16) {
            throw new IllegalArgumentException("a field of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
