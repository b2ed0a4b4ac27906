package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The messages of the GP persistent-object API between a TA and the core's storage layer: one
 * {@link Request} per call a TA's {@code PersistentObject} or {@code ObjectEnumerator} makes, one
 * {@link Reply} back. A TA host sends them in the RPC {@link Rpc#STORAGE}; a TA in the core hands
 * the same records to the storage layer directly. The core knows which TA and instance asks: no
 * message names them. Data crosses as a copy, at most {@link #MAX_DATA_BYTES} per message; the
 * TA side splits larger reads and writes.
 *
 * <p>Two requests save a TA host round trips. OPEN_READ is OPEN that also asks for up to
 * {@code readAhead} bytes ({@link #MAX_READ_AHEAD_BYTES} at most) of the data stream from position
 * 0; the core sends them (reply OPENED_AHEAD, the position stays 0) only to a handle with
 * {@code ACCESS_READ} and without {@code SHARE_WRITE}: while such a handle is open no other handle
 * may hold {@code ACCESS_WRITE} on the object (GP §5.7.1), so the bytes change only through this
 * handle, and the TA side may serve reads from them until it sends anything else on the handle.
 * OPEN_READ's {@code closeFirst} and CLOSE_MANY close handles the TA closed earlier
 * ({@code TEE_CloseObject}, which a TA host sends with its next message): all of them or, if one
 * is not a handle of the instance or is named twice, none (the request then fails
 * {@code TEE_ERROR_BAD_PARAMETERS} and nothing else happens).
 *
 * <p>Every integer is little-endian. A request is {@code u32 op} followed by the op's fields; a
 * reply is {@code u32 result | u32 kind} followed by the kind's fields. {@code id} is
 * {@code u8 length (0..64) | bytes}; {@code bytes} is {@code u32 length | bytes}; a
 * {@code header} is {@code u32 objectType | u32 objectSize | u32 maxObjectSize | u32 usage |
 * bytes attributes} (attributes in the TA side's own format, which the core stores opaque).
 *
 * <pre>
 * op                 request fields after u32 op                        reply on success
 *  1 OPEN            u32 storageId | u32 flags | id                      OPENED
 *  2 CREATE          u32 storageId | u32 flags | id | u8 hasHeader |     OPENED
 *                    [header] | u64 total data bytes | bytes first part
 *  3 APPEND          u32 handle | bytes (more of CREATE's data)          POSITION
 *  4 CLOSE           u32 handle                                          DONE
 *  5 READ            u32 handle | u32 length                             DATA
 *  6 WRITE           u32 handle | bytes                                  POSITION
 *  7 TRUNCATE        u32 handle | u64 size                               POSITION
 *  8 SEEK            u32 handle | u64 offset (signed) | u32 whence       POSITION
 *  9 RENAME          u32 handle | id                                     DONE
 * 10 CLOSE_DELETE    u32 handle                                          DONE
 * 11 RESTRICT_USAGE  u32 handle | u32 usage                              USAGE
 * 12 ENUM_ALLOCATE   —                                                   ALLOCATED
 * 13 ENUM_FREE       u32 enumerator                                      DONE
 * 14 ENUM_RESET      u32 enumerator                                      DONE
 * 15 ENUM_START      u32 enumerator | u32 storageId                      DONE
 * 16 ENUM_NEXT       u32 enumerator                                      NEXT
 * 17 OPEN_READ       u32 storageId | u32 flags | id | u32 readAhead |    OPENED or OPENED_AHEAD
 *                    u32 count (0..1024) | count x u32 handle (closeFirst)
 * 18 CLOSE_MANY      u32 count (1..1024) | count x u32 handle            DONE
 *
 * kind               reply fields after u32 result | u32 kind
 *  0 FAILED          u32 handleClosed (0 or 1)            result is the GP error
 *  1 DONE            —
 *  2 OPENED          u32 handle | header | u64 dataSize
 *  3 POSITION        u64 position | u64 dataSize
 *  4 DATA            u64 position | u64 dataSize | bytes
 *  5 USAGE           u32 usage
 *  6 ALLOCATED       u32 enumerator
 *  7 NEXT            header (no attributes) | u64 dataSize | id
 *  8 OPENED_AHEAD    OPENED's fields | bytes ahead        ahead: min(readAhead, dataSize) bytes
 *                                                         of the data from position 0
 * </pre>
 *
 * A reply of any kind but FAILED has result {@code TEE_SUCCESS}. {@code handleClosed} says that
 * the core closed the handle (a corrupt object it deleted, or CLOSE_DELETE), so the TA side
 * drops it too. Decoding is strict: an unknown op or kind, a length past its bound or past the
 * end, a flag byte other than 0 or 1, or bytes left over is a {@link ProtocolException}.
 */
public final class StorageRpc {
    /** The most data one READ, WRITE, APPEND or CREATE carries: 1 MiB. */
    public static final int MAX_DATA_BYTES = 1 << 20;
    /** The longest object id, in bytes ({@code TEE_OBJECT_ID_MAX_LEN}). */
    public static final int MAX_ID_BYTES = 64;
    /** The most data an OPEN_READ asks for and an OPENED_AHEAD carries: 64 KiB. */
    public static final int MAX_READ_AHEAD_BYTES = 64 << 10;
    /** The most handles one OPEN_READ or CLOSE_MANY closes: all an instance may hold. */
    public static final int MAX_CLOSES = 1024;
    /** The most bytes of serialized attributes one object holds: 256 KiB. */
    public static final int MAX_ATTRIBUTE_BYTES = 256 << 10;
    /** The largest encoded request or reply: data or attributes and their fields. */
    public static final int MAX_MESSAGE_BYTES = MAX_DATA_BYTES + MAX_ATTRIBUTE_BYTES + 256;

    static final int OPEN = 1;
    static final int CREATE = 2;
    static final int APPEND = 3;
    static final int CLOSE = 4;
    static final int READ = 5;
    static final int WRITE = 6;
    static final int TRUNCATE = 7;
    static final int SEEK = 8;
    static final int RENAME = 9;
    static final int CLOSE_DELETE = 10;
    static final int RESTRICT_USAGE = 11;
    static final int ENUM_ALLOCATE = 12;
    static final int ENUM_FREE = 13;
    static final int ENUM_RESET = 14;
    static final int ENUM_START = 15;
    static final int ENUM_NEXT = 16;
    static final int OPEN_READ = 17;
    static final int CLOSE_MANY = 18;

    static final int FAILED = 0;
    static final int DONE = 1;
    static final int OPENED = 2;
    static final int POSITION = 3;
    static final int DATA = 4;
    static final int USAGE = 5;
    static final int ALLOCATED = 6;
    static final int NEXT = 7;
    static final int OPENED_AHEAD = 8;

    private StorageRpc() {}

    /**
     * What is stored with an object besides its data: its {@code TEE_ObjectInfo} key fields and
     * its attributes, serialized by the TA side. The array is the message's own (not copied): it
     * may hold key material, which its last holder wipes.
     */
    public record ObjectHeader(int objectType, int objectSize, int maxObjectSize, int usage, byte[] attributes) {
        public ObjectHeader {
            if (attributes == null || attributes.length > MAX_ATTRIBUTE_BYTES) {
                throw new IllegalArgumentException("attributes must be 0 to " + MAX_ATTRIBUTE_BYTES + " bytes");
            }
        }

        int size() {
            return 20 + attributes.length;
        }

        void encode(ByteBuffer out) {
            out.putInt(objectType).putInt(objectSize).putInt(maxObjectSize).putInt(usage);
            putBytes(out, attributes);
        }

        static ObjectHeader decode(BodyReader in) throws ProtocolException {
            return new ObjectHeader(in.u32("object type"), in.u32("object size"), in.u32("max object size"),
                    in.u32("usage"), bytes(in, MAX_ATTRIBUTE_BYTES, "attributes"));
        }

        /** Names the type and sizes, never the attributes. */
        @Override
        public String toString() {
            return String.format("ObjectHeader[type 0x%08X, %d of %d bits, usage 0x%08X, %d attribute bytes]",
                    objectType, objectSize, maxObjectSize, usage, attributes.length);
        }
    }

    /** One call of a TA into the storage layer. Arrays are the message's own, not copied. */
    public sealed interface Request {
        /** The op number, as the table in {@link StorageRpc} lists it. */
        int op();

        /** Bytes of the fields after {@code u32 op}. */
        int fieldsSize();

        void encodeFields(ByteBuffer out);
    }

    /** {@code TEE_OpenPersistentObject}. */
    public record Open(int storageId, int flags, byte[] id) implements Request {
        public Open {
            checkId(id);
        }

        public int op() { return OPEN; }

        public int fieldsSize() { return 9 + id.length; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(storageId).putInt(flags);
            putId(out, id);
        }
    }

    /**
     * {@code TEE_OpenPersistentObject} with up to {@code readAheadBytes} of the data in the reply
     * (see the class comment for when the core sends them), after closing the handles
     * {@code closeFirst} (the TA's earlier {@code TEE_CloseObject}s; empty for none).
     */
    public record OpenRead(int storageId, int flags, byte[] id, int readAheadBytes, int[] closeFirst) implements Request {
        public OpenRead {
            checkId(id);
            if (readAheadBytes < 0 || readAheadBytes > MAX_READ_AHEAD_BYTES) {
                throw new IllegalArgumentException("an OPEN_READ reads ahead 0 to " + MAX_READ_AHEAD_BYTES + " bytes, not "
                        + readAheadBytes);
            }
            checkCloses(closeFirst, 0);
        }

        /** This request, closing {@code handles} first instead. */
        public OpenRead closingFirst(int[] handles) {
            return new OpenRead(storageId, flags, id, readAheadBytes, handles);
        }

        public int op() { return OPEN_READ; }

        public int fieldsSize() { return 17 + id.length + 4 * closeFirst.length; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(storageId).putInt(flags);
            putId(out, id);
            out.putInt(readAheadBytes);
            putHandles(out, closeFirst);
        }
    }

    /**
     * {@code TEE_CreatePersistentObject}: {@code header} is null for a pure data object;
     * {@code data} is the first part of the initial data, {@code totalDataBytes} all of it; the
     * rest follows in APPEND requests on the new handle.
     */
    public record Create(int storageId, int flags, byte[] id, ObjectHeader header, long totalDataBytes, byte[] data)
            implements Request {
        public Create {
            checkId(id);
            checkData(data);
            if (totalDataBytes < data.length) {
                throw new IllegalArgumentException("total data bytes " + totalDataBytes + " below the " + data.length + " given");
            }
        }

        public int op() { return CREATE; }

        public int fieldsSize() { return 22 + id.length + (header == null ? 0 : header.size()) + data.length; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(storageId).putInt(flags);
            putId(out, id);
            out.put((byte) (header == null ? 0 : 1));
            if (header != null) {
                header.encode(out);
            }
            out.putLong(totalDataBytes);
            putBytes(out, data);
        }
    }

    /** More of a CREATE's initial data, appended at the end of the object. */
    public record Append(int handle, byte[] data) implements Request {
        public Append {
            checkData(data);
        }

        public int op() { return APPEND; }

        public int fieldsSize() { return 8 + data.length; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle);
            putBytes(out, data);
        }
    }

    /** {@code TEE_CloseObject}. */
    public record Close(int handle) implements Request {
        public int op() { return CLOSE; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle);
        }
    }

    /** {@code TEE_CloseObject} of each of {@code handles} (1 to {@link #MAX_CLOSES}): the TA's earlier closes. */
    public record CloseMany(int[] handles) implements Request {
        public CloseMany {
            checkCloses(handles, 1);
        }

        public int op() { return CLOSE_MANY; }

        public int fieldsSize() { return 4 + 4 * handles.length; }

        public void encodeFields(ByteBuffer out) {
            putHandles(out, handles);
        }
    }

    /** {@code TEE_ReadObjectData} of up to {@code length} bytes ({@link #MAX_DATA_BYTES} at most). */
    public record Read(int handle, int length) implements Request {
        public Read {
            if (length < 0 || length > MAX_DATA_BYTES) {
                throw new IllegalArgumentException("a READ takes 0 to " + MAX_DATA_BYTES + " bytes, not " + length);
            }
        }

        public int op() { return READ; }

        public int fieldsSize() { return 8; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle).putInt(length);
        }
    }

    /** {@code TEE_WriteObjectData}. */
    public record Write(int handle, byte[] data) implements Request {
        public Write {
            checkData(data);
        }

        public int op() { return WRITE; }

        public int fieldsSize() { return 8 + data.length; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle);
            putBytes(out, data);
        }
    }

    /** {@code TEE_TruncateObjectData}. */
    public record Truncate(int handle, long size) implements Request {
        public int op() { return TRUNCATE; }

        public int fieldsSize() { return 12; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle).putLong(size);
        }
    }

    /** {@code TEE_SeekObjectData}. */
    public record Seek(int handle, long offset, int whence) implements Request {
        public int op() { return SEEK; }

        public int fieldsSize() { return 16; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle).putLong(offset).putInt(whence);
        }
    }

    /** {@code TEE_RenamePersistentObject}. */
    public record Rename(int handle, byte[] newId) implements Request {
        public Rename {
            checkId(newId);
        }

        public int op() { return RENAME; }

        public int fieldsSize() { return 5 + newId.length; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle);
            putId(out, newId);
        }
    }

    /** {@code TEE_CloseAndDeletePersistentObject1}. */
    public record CloseAndDelete(int handle) implements Request {
        public int op() { return CLOSE_DELETE; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle);
        }
    }

    /** {@code TEE_RestrictObjectUsage1} on a persistent object. */
    public record RestrictUsage(int handle, int usage) implements Request {
        public int op() { return RESTRICT_USAGE; }

        public int fieldsSize() { return 8; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle).putInt(usage);
        }
    }

    /** {@code TEE_AllocatePersistentObjectEnumerator}. */
    public record EnumAllocate() implements Request {
        public int op() { return ENUM_ALLOCATE; }

        public int fieldsSize() { return 0; }

        public void encodeFields(ByteBuffer out) {}
    }

    /** {@code TEE_FreePersistentObjectEnumerator}. */
    public record EnumFree(int enumerator) implements Request {
        public int op() { return ENUM_FREE; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(enumerator);
        }
    }

    /** {@code TEE_ResetPersistentObjectEnumerator}. */
    public record EnumReset(int enumerator) implements Request {
        public int op() { return ENUM_RESET; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(enumerator);
        }
    }

    /** {@code TEE_StartPersistentObjectEnumerator}. */
    public record EnumStart(int enumerator, int storageId) implements Request {
        public int op() { return ENUM_START; }

        public int fieldsSize() { return 8; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(enumerator).putInt(storageId);
        }
    }

    /** {@code TEE_GetNextPersistentObject}. */
    public record EnumNext(int enumerator) implements Request {
        public int op() { return ENUM_NEXT; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(enumerator);
        }
    }

    /** The storage layer's answer. Arrays are the message's own, not copied. */
    public sealed interface Reply {
        /** {@code TEE_SUCCESS} for every kind but {@link Failed}. */
        default int result() {
            return 0;
        }

        /** The kind number, as the table in {@link StorageRpc} lists it. */
        int kind();

        /** Bytes of the fields after {@code u32 result | u32 kind}. */
        int fieldsSize();

        void encodeFields(ByteBuffer out);
    }

    /** A GP error; {@code handleClosed} if the core closed the handle the request named. */
    public record Failed(int result, boolean handleClosed) implements Reply {
        public Failed {
            if (result == 0) {
                throw new IllegalArgumentException("TEE_SUCCESS is not a failure");
            }
        }

        public int kind() { return FAILED; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handleClosed ? 1 : 0);
        }
    }

    /** Success with nothing to say. */
    public record Done() implements Reply {
        public int kind() { return DONE; }

        public int fieldsSize() { return 0; }

        public void encodeFields(ByteBuffer out) {}
    }

    /**
     * An object opened or created: its handle, header and data size (the position is 0), and for
     * an OPEN_READ the core read ahead for, the first bytes of the data in {@code ahead}
     * (OPENED_AHEAD; null: none were sent, OPENED).
     */
    public record Opened(int handle, ObjectHeader header, long dataSize, byte[] ahead) implements Reply {
        public Opened {
            if (ahead != null && (ahead.length > MAX_READ_AHEAD_BYTES || ahead.length > dataSize)) {
                throw new IllegalArgumentException(ahead.length + " bytes ahead: at most " + MAX_READ_AHEAD_BYTES
                        + " and the data size " + dataSize);
            }
        }

        /** OPENED: no data ahead. */
        public Opened(int handle, ObjectHeader header, long dataSize) {
            this(handle, header, dataSize, null);
        }

        public int kind() { return ahead == null ? OPENED : OPENED_AHEAD; }

        public int fieldsSize() { return 12 + header.size() + (ahead == null ? 0 : 4 + ahead.length); }

        public void encodeFields(ByteBuffer out) {
            out.putInt(handle);
            header.encode(out);
            out.putLong(dataSize);
            if (ahead != null) {
                putBytes(out, ahead);
            }
        }
    }

    /** The handle's data position and the object's data size after the call. */
    public record Position(long position, long dataSize) implements Reply {
        public int kind() { return POSITION; }

        public int fieldsSize() { return 16; }

        public void encodeFields(ByteBuffer out) {
            out.putLong(position).putLong(dataSize);
        }
    }

    /** Bytes read, then the position and data size after the read. */
    public record Data(long position, long dataSize, byte[] bytes) implements Reply {
        public Data {
            checkData(bytes);
        }

        public int kind() { return DATA; }

        public int fieldsSize() { return 20 + bytes.length; }

        public void encodeFields(ByteBuffer out) {
            out.putLong(position).putLong(dataSize);
            putBytes(out, bytes);
        }
    }

    /** The object's usage after {@code TEE_RestrictObjectUsage1}. */
    public record Usage(int usage) implements Reply {
        public int kind() { return USAGE; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(usage);
        }
    }

    /** A new enumerator's handle. */
    public record Allocated(int enumerator) implements Reply {
        public int kind() { return ALLOCATED; }

        public int fieldsSize() { return 4; }

        public void encodeFields(ByteBuffer out) {
            out.putInt(enumerator);
        }
    }

    /** The next object of an enumeration: its header without attributes, data size and id. */
    public record Next(ObjectHeader header, long dataSize, byte[] id) implements Reply {
        public Next {
            checkId(id);
            if (header.attributes().length != 0) {
                throw new IllegalArgumentException("an enumeration names no attributes");
            }
        }

        public int kind() { return NEXT; }

        public int fieldsSize() { return 9 + header.size() + id.length; }

        public void encodeFields(ByteBuffer out) {
            header.encode(out);
            out.putLong(dataSize);
            putId(out, id);
        }
    }

    /**
     * Overwrites with zeros the bytes {@code request} carries that may be the TA's secrets: data
     * and serialized attributes (not ids). For its last holder, once it is served.
     */
    public static void wipe(Request request) {
        byte[] secret = null;
        if (request instanceof Create c) {
            java.util.Arrays.fill(c.data(), (byte) 0);
            secret = c.header() == null ? null : c.header().attributes();
        } else if (request instanceof Write w) {
            secret = w.data();
        } else if (request instanceof Append a) {
            secret = a.data();
        }
        if (secret != null) {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    // --- encoding ---

    /** The bytes of {@code request}. */
    public static byte[] encode(Request request) {
        ByteBuffer out = ByteBuffer.allocate(4 + request.fieldsSize()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(request.op());
        request.encodeFields(out);
        return out.array();
    }

    /** The bytes of {@code reply}. */
    public static byte[] encode(Reply reply) {
        ByteBuffer out = ByteBuffer.allocate(8 + reply.fieldsSize()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(reply.result()).putInt(reply.kind());
        reply.encodeFields(out);
        return out.array();
    }

    /** Decodes a request, strictly (see the class comment). */
    public static Request decodeRequest(byte[] bytes) throws ProtocolException {
        BodyReader in = new BodyReader(ByteBuffer.wrap(bytes));
        int op = in.u32("op");
        Request r = switch (op) {
            case OPEN -> new Open(in.u32("storage id"), in.u32("flags"), id(in));
            case CREATE -> decodeCreate(in);
            case APPEND -> new Append(in.u32("handle"), bytes(in, MAX_DATA_BYTES, "data"));
            case CLOSE -> new Close(in.u32("handle"));
            case READ -> new Read(in.u32("handle"), (int) bounded(in.u32("length"), MAX_DATA_BYTES, "read length"));
            case WRITE -> new Write(in.u32("handle"), bytes(in, MAX_DATA_BYTES, "data"));
            case TRUNCATE -> new Truncate(in.u32("handle"), in.u64("size"));
            case SEEK -> new Seek(in.u32("handle"), in.u64("offset"), in.u32("whence"));
            case RENAME -> new Rename(in.u32("handle"), id(in));
            case CLOSE_DELETE -> new CloseAndDelete(in.u32("handle"));
            case RESTRICT_USAGE -> new RestrictUsage(in.u32("handle"), in.u32("usage"));
            case ENUM_ALLOCATE -> new EnumAllocate();
            case ENUM_FREE -> new EnumFree(in.u32("enumerator"));
            case ENUM_RESET -> new EnumReset(in.u32("enumerator"));
            case ENUM_START -> new EnumStart(in.u32("enumerator"), in.u32("storage id"));
            case ENUM_NEXT -> new EnumNext(in.u32("enumerator"));
            case OPEN_READ -> new OpenRead(in.u32("storage id"), in.u32("flags"), id(in),
                    (int) bounded(in.u32("read-ahead length"), MAX_READ_AHEAD_BYTES, "read-ahead length"), handles(in, 0));
            case CLOSE_MANY -> new CloseMany(handles(in, 1));
            default -> throw new ProtocolException("unknown storage op " + Integer.toUnsignedString(op));
        };
        in.end();
        return r;
    }

    private static Create decodeCreate(BodyReader in) throws ProtocolException {
        int storageId = in.u32("storage id");
        int flags = in.u32("flags");
        byte[] id = id(in);
        ObjectHeader header = flag(in, "has header") ? ObjectHeader.decode(in) : null;
        long total = in.length("total data bytes", Long.MAX_VALUE);
        byte[] data = bytes(in, MAX_DATA_BYTES, "data");
        if (total < data.length) {
            throw new ProtocolException("total data bytes " + total + " below the " + data.length + " sent");
        }
        return new Create(storageId, flags, id, header, total, data);
    }

    /** Decodes a reply, strictly (see the class comment). */
    public static Reply decodeReply(byte[] bytes) throws ProtocolException {
        BodyReader in = new BodyReader(ByteBuffer.wrap(bytes));
        int result = in.u32("result");
        int kind = in.u32("kind");
        if ((kind == FAILED) != (result != 0)) {
            throw new ProtocolException("reply kind " + kind + " with result 0x" + Integer.toHexString(result));
        }
        Reply r = switch (kind) {
            case FAILED -> new Failed(result, flag32(in, "handle closed"));
            case DONE -> new Done();
            case OPENED -> new Opened(in.u32("handle"), ObjectHeader.decode(in), in.length("data size", Long.MAX_VALUE));
            case OPENED_AHEAD -> decodeOpenedAhead(in);
            case POSITION -> new Position(in.length("position", Long.MAX_VALUE), in.length("data size", Long.MAX_VALUE));
            case DATA -> new Data(in.length("position", Long.MAX_VALUE), in.length("data size", Long.MAX_VALUE),
                    bytes(in, MAX_DATA_BYTES, "data"));
            case USAGE -> new Usage(in.u32("usage"));
            case ALLOCATED -> new Allocated(in.u32("enumerator"));
            case NEXT -> decodeNext(in);
            default -> throw new ProtocolException("unknown storage reply kind " + Integer.toUnsignedString(kind));
        };
        in.end();
        return r;
    }

    private static Opened decodeOpenedAhead(BodyReader in) throws ProtocolException {
        int handle = in.u32("handle");
        ObjectHeader header = ObjectHeader.decode(in);
        long dataSize = in.length("data size", Long.MAX_VALUE);
        byte[] ahead = bytes(in, MAX_READ_AHEAD_BYTES, "data ahead");
        if (ahead.length > dataSize) {
            throw new ProtocolException(ahead.length + " bytes ahead of a data size of " + dataSize);
        }
        return new Opened(handle, header, dataSize, ahead);
    }

    private static Next decodeNext(BodyReader in) throws ProtocolException {
        ObjectHeader header = ObjectHeader.decode(in);
        if (header.attributes().length != 0) {
            throw new ProtocolException("an enumeration reply carries " + header.attributes().length + " attribute bytes");
        }
        return new Next(header, in.length("data size", Long.MAX_VALUE), id(in));
    }

    // --- fields ---

    private static void checkId(byte[] id) {
        if (id == null || id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("an object id is 0 to " + MAX_ID_BYTES + " bytes");
        }
    }

    private static void checkData(byte[] data) {
        if (data == null || data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("a message carries 0 to " + MAX_DATA_BYTES + " bytes of data");
        }
    }

    private static void checkCloses(int[] handles, int min) {
        if (handles == null || handles.length < min || handles.length > MAX_CLOSES) {
            throw new IllegalArgumentException("a request closes " + min + " to " + MAX_CLOSES + " handles");
        }
    }

    private static void putHandles(ByteBuffer out, int[] handles) {
        out.putInt(handles.length);
        for (int h : handles) {
            out.putInt(h);
        }
    }

    private static int[] handles(BodyReader in, int min) throws ProtocolException {
        long count = bounded(in.u32("handle count"), MAX_CLOSES, "handle count");
        if (count < min) {
            throw new ProtocolException("a CLOSE_MANY closes no handle");
        }
        int[] handles = new int[(int) count];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = in.u32("handle");
        }
        return handles;
    }

    private static void putId(ByteBuffer out, byte[] id) {
        out.put((byte) id.length).put(id);
    }

    private static void putBytes(ByteBuffer out, byte[] b) {
        out.putInt(b.length).put(b);
    }

    private static byte[] id(BodyReader in) throws ProtocolException {
        int length = in.u8("id length");
        if (length > MAX_ID_BYTES) {
            throw new ProtocolException("object id length " + length + " exceeds " + MAX_ID_BYTES);
        }
        return in.bytes(length, "object id");
    }

    private static byte[] bytes(BodyReader in, int max, String what) throws ProtocolException {
        int length = (int) bounded(in.u32(what + " length"), max, what + " length");
        return in.bytes(length, what);
    }

    private static long bounded(int unsigned, int max, String what) throws ProtocolException {
        long v = Integer.toUnsignedLong(unsigned);
        if (v > max) {
            throw new ProtocolException(what + " " + v + " exceeds " + max);
        }
        return v;
    }

    private static boolean flag(BodyReader in, String what) throws ProtocolException {
        return bit(in.u8(what), what);
    }

    private static boolean flag32(BodyReader in, String what) throws ProtocolException {
        return bit(in.u32(what), what);
    }

    private static boolean bit(int v, String what) throws ProtocolException {
        if (v != 0 && v != 1) {
            throw new ProtocolException(what + " must be 0 or 1, is " + Integer.toUnsignedString(v));
        }
        return v == 1;
    }
}
