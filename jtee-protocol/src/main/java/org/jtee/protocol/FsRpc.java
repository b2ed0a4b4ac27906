package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sub-commands, limits, file names and LIST encoding of the RPC {@link Rpc#FS}, shared by the
 * supplicant that serves it and the core that calls it. The layout is jtee's own (OP-TEE's FS RPC
 * hands out file descriptors; jtee's is stateless per call). See {@code docs/storage-rpc.md}, "FS
 * RPC".
 *
 * <pre>
 * [0] VALUE_IN   a = sub-command, b = offset or length, c = length or flags (per sub-command)
 * [1] TMEM_IN    the file name, ASCII (LIST: a name prefix, may be empty)
 * [2] TMEM_IN    WRITE: the bytes to write
 *     TMEM_OUT   READ, LIST: the buffer; back: the bytes read, the listing
 *
 * sub-command   b                c                  [2]
 * LIST        1 -                -                  TMEM_OUT, back: the listing
 * READ        2 offset           length             TMEM_OUT of size length, back: up to length bytes
 * WRITE       3 offset           flags (SYNC)       TMEM_IN, the data
 * PREALLOCATE 4 length           -                  -
 * TRUNCATE    5 length           -                  -
 * REMOVE      6 -                -                  -
 * </pre>
 * Unused words are 0 and unused slots NONE. READ and WRITE move at most {@link #MAX_TRANSFER_BYTES}
 * per call; the caller splits larger transfers.
 */
public final class FsRpc {
    /** LIST: the names and sizes of the files whose names start with [1]. */
    public static final int LIST = 1;
    /** READ: up to c bytes at offset b; fewer at the end of the file. */
    public static final int READ = 2;
    /** WRITE: [2] at offset b, creating the file; c = flags. */
    public static final int WRITE = 3;
    /** PREALLOCATE: extend the file with written zeros to at least b bytes, then sync it. */
    public static final int PREALLOCATE = 4;
    /** TRUNCATE: cut or extend (with zeros) the file to b bytes, then sync it. */
    public static final int TRUNCATE = 5;
    /** REMOVE: delete the file (no error if it does not exist), then sync the directory. */
    public static final int REMOVE = 6;

    /** WRITE flag: the data is durable (fdatasync) before the reply. */
    public static final long FLAG_SYNC = 1;

    /** The most bytes one READ or WRITE moves, and the largest LIST reply: 4 MiB. */
    public static final int MAX_TRANSFER_BYTES = 4 << 20;
    /** The longest file name, in characters (bytes). */
    public static final int MAX_NAME_LENGTH = 64;
    /** The largest file offset or length: 2^62 bytes, far beyond any file system. */
    public static final long MAX_FILE_BYTES = 1L << 62;

    private FsRpc() {}

    public static String name(int subCommand) {
        return switch (subCommand) {
            case LIST -> "LIST";
            case READ -> "READ";
            case WRITE -> "WRITE";
            case PREALLOCATE -> "PREALLOCATE";
            case TRUNCATE -> "TRUNCATE";
            case REMOVE -> "REMOVE";
            default -> "FS sub-command " + subCommand;
        };
    }

    /**
     * Whether {@code name} is a valid file name: 1 to {@value #MAX_NAME_LENGTH} characters of
     * {@code [a-z0-9.-]}, not starting with a dot. Such a name has no separator, is never
     * {@code .} or {@code ..}, and is the same on every file system, case-insensitive ones included.
     */
    public static boolean isValidName(String name) {
        return name != null && isValidPrefix(name) && !name.isEmpty() && name.charAt(0) != '.';
    }

    /** Whether {@code prefix} could begin a valid name (the empty prefix included). */
    public static boolean isValidPrefix(String prefix) {
        if (prefix == null || prefix.length() > MAX_NAME_LENGTH || prefix.startsWith(".")) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The LIST reply: {@code u32 count}, then per file {@code u8 name length, name (ASCII),
     * u64 size}, little-endian like the rest of the wire, in the map's order.
     *
     * @throws IllegalArgumentException if a name is invalid or the listing exceeds
     *     {@link #MAX_TRANSFER_BYTES}
     */
    public static byte[] encodeListing(Map<String, Long> files) {
        int size = 4;
        for (String name : files.keySet()) {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("not a valid file name: " + name);
            }
            size += 1 + name.length() + 8;
        }
        if (size > MAX_TRANSFER_BYTES) {
            throw new IllegalArgumentException("listing of " + files.size() + " files takes " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(files.size());
        for (Map.Entry<String, Long> e : files.entrySet()) {
            out.put((byte) e.getKey().length()).put(e.getKey().getBytes(StandardCharsets.US_ASCII)).putLong(e.getValue());
        }
        return out.array();
    }

    /**
     * Parses a LIST reply strictly: every name valid and unique, every size in
     * {@code 0..MAX_FILE_BYTES}, no byte left over.
     *
     * @throws IllegalArgumentException naming the first problem found
     */
    public static Map<String, Long> decodeListing(byte[] listing) {
        ByteBuffer in = ByteBuffer.wrap(listing).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) {
            throw new IllegalArgumentException("listing of " + listing.length + " bytes has no count");
        }
        long count = Integer.toUnsignedLong(in.getInt());
        if (count > in.remaining() / 10) {
            throw new IllegalArgumentException("listing claims " + count + " files in " + in.remaining() + " bytes");
        }
        Map<String, Long> files = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            int length = in.hasRemaining() ? Byte.toUnsignedInt(in.get()) : -1;
            if (length < 1 || length > MAX_NAME_LENGTH || in.remaining() < length + 8) {
                throw new IllegalArgumentException("listing entry " + i + " is truncated or has a bad name length");
            }
            byte[] raw = new byte[length];
            in.get(raw);
            String name = new String(raw, StandardCharsets.US_ASCII);
            long size = in.getLong();
            if (!isValidName(name) || size < 0 || size > MAX_FILE_BYTES || files.put(name, size) != null) {
                throw new IllegalArgumentException("listing entry " + i + " has a bad or repeated name or a bad size");
            }
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the listing's last entry");
        }
        return files;
    }
}
