package org.jtee.bench;

import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.nio.charset.StandardCharsets;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * The TA of {@code jtee bench storage}: GP trusted storage operations, k of them per call, so
 * that a call's own cost is spread over k operations. Multi instance: each session is an
 * instance of its own, in a TA host of its own; the instances share the TA's objects, so
 * concurrent sessions use ids of their own ({@code p1.a}, the client's tag).
 *
 * <p>Object ids are {@code "bench-<tag>-<n>"} (ASCII, decimal) for the small objects and
 * {@code "bench-<tag>-large"} for the large one. Every object holds the bytes
 * {@link #contentByte}{@code (n, i)}; reads check every byte they get.
 *
 * <table>
 * <caption>commands; p0 VALUE_INPUT a = storage id ({@code TEE_STORAGE_PRIVATE_REE} or
 * {@code _RPMB}), b = count k; p1 VALUE_INPUT a = tag, b = first n; p2 VALUE_INPUT a = bytes per
 * object; p3 VALUE_OUTPUT a = microseconds the k operations took inside the TA</caption>
 * <tr><th>command</th><th>id</th><th>behaviour</th></tr>
 * <tr><td>CREATE</td><td>1</td><td>for n in first..first+k-1: {@code TEE_CreatePersistentObject}
 *     (read, write, write-meta, OVERWRITE; no attributes, no initial data) +
 *     {@code TEE_WriteObjectData} of the bytes + {@code TEE_CloseObject}</td></tr>
 * <tr><td>READ</td><td>2</td><td>for each n: {@code TEE_OpenPersistentObject} (read, share
 *     read) + {@code TEE_ReadObjectData} of the bytes + {@code TEE_CloseObject}; fewer bytes or
 *     other bytes than CREATE wrote: {@code TEE_ERROR_CORRUPT_OBJECT}</td></tr>
 * <tr><td>DELETE</td><td>3</td><td>for each n: {@code TEE_OpenPersistentObject} (write-meta) +
 *     {@code TEE_CloseAndDeletePersistentObject1}</td></tr>
 * <tr><td>WRITE_LARGE</td><td>4</td><td>k times: creates the large object (OVERWRITE) and writes
 *     all its bytes in one {@code TEE_WriteObjectData}, closes it</td></tr>
 * <tr><td>READ_LARGE</td><td>5</td><td>k times: opens the large object, reads all its bytes in
 *     one {@code TEE_ReadObjectData} and checks them, closes it</td></tr>
 * <tr><td>DELETE_LARGE</td><td>6</td><td>deletes the large object (k, first and bytes
 *     unused)</td></tr>
 * </table>
 * Storage errors are returned as the storage API gives them (e.g.
 * {@code TEE_ERROR_STORAGE_NO_SPACE} when the device is full). Other command ids:
 * {@code TEE_ERROR_NOT_SUPPORTED}.
 *
 * <p>It declares an 8 MiB heap ({@code gpd.ta.dataSize}): the large case holds its object twice
 * (what it writes and what it reads), up to 1 MiB each.
 */
@Ta(uuid = StorageBenchTa.UUID_STRING, version = "1.0", dataSize = 8 << 20,
        description = "jtee storage benchmark TA, in a TA host")
public final class StorageBenchTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "5c4fba1e-81d3-4ae3-ba90-02e6555e0704";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_CREATE = 1;
    public static final int CMD_READ = 2;
    public static final int CMD_DELETE = 3;
    public static final int CMD_WRITE_LARGE = 4;
    public static final int CMD_READ_LARGE = 5;
    public static final int CMD_DELETE_LARGE = 6;
    /** As {@link #CMD_CREATE}, but the 4 KiB go in as the create's initial data: create + close, one commit. */
    public static final int CMD_CREATE_WITH_DATA = 7;
    /** The largest object the TA writes or reads: 1 MiB. */
    public static final int MAX_OBJECT_BYTES = 1 << 20;

    private static final int CREATE_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_OVERWRITE;
    private static final int READ_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_SHARE_READ;
    /** The n of the large object's content. */
    private static final int LARGE = -1;

    /** What one call asks for: p0 to p2. */
    private record Batch(int storage, int count, int tag, int first, int bytes) {}

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_OUTPUT);
        Batch b = batch(params);
        long start = System.nanoTime();
        switch (commandId) {
            case CMD_CREATE -> create(b);
            case CMD_CREATE_WITH_DATA -> createWithData(b);
            case CMD_READ -> read(b);
            case CMD_DELETE -> delete(b);
            case CMD_WRITE_LARGE -> writeLarge(b);
            case CMD_READ_LARGE -> readLarge(b);
            case CMD_DELETE_LARGE -> open(b.storage, id(b.tag, LARGE), TeeStorage.DATA_FLAG_ACCESS_WRITE_META).closeAndDelete();
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + commandId);
        }
        params.value(3).setA((int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1000));
    }

    private static Batch batch(Parameters params) throws TeeException {
        Batch b = new Batch(params.value(0).a(), params.value(0).b(), params.value(1).a(), params.value(1).b(),
                params.value(2).a());
        if (b.count < 0 || b.bytes < 0 || b.bytes > MAX_OBJECT_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "count " + b.count + " and " + b.bytes
                    + " bytes per object; at most " + MAX_OBJECT_BYTES + " bytes");
        }
        return b;
    }

    private static void create(Batch b) throws TeeException {
        for (int i = 0; i < b.count; i++) {
            write(b.storage, id(b.tag, b.first + i), content(b.first + i, b.bytes));
        }
    }

    private static void createWithData(Batch b) throws TeeException {
        for (int i = 0; i < b.count; i++) {
            PersistentObject.create(b.storage, id(b.tag, b.first + i), CREATE_FLAGS, content(b.first + i, b.bytes)).close();
        }
    }

    private static void read(Batch b) throws TeeException {
        byte[] buffer = new byte[b.bytes];
        for (int i = 0; i < b.count; i++) {
            readAndCheck(b.storage, id(b.tag, b.first + i), b.first + i, buffer);
        }
    }

    private static void delete(Batch b) throws TeeException {
        for (int i = 0; i < b.count; i++) {
            open(b.storage, id(b.tag, b.first + i), TeeStorage.DATA_FLAG_ACCESS_WRITE_META).closeAndDelete();
        }
    }

    private static void writeLarge(Batch b) throws TeeException {
        byte[] data = content(LARGE, b.bytes);
        for (int i = 0; i < b.count; i++) {
            write(b.storage, id(b.tag, LARGE), data);
        }
    }

    private static void readLarge(Batch b) throws TeeException {
        byte[] buffer = new byte[b.bytes];
        for (int i = 0; i < b.count; i++) {
            readAndCheck(b.storage, id(b.tag, LARGE), LARGE, buffer);
        }
    }

    /** Create (OVERWRITE) + one write of {@code data} + close. */
    private static void write(int storage, byte[] id, byte[] data) throws TeeException {
        try (PersistentObject o = PersistentObject.create(storage, id, CREATE_FLAGS, null)) {
            o.write(data, 0, data.length);
        }
    }

    /** Open + one read of {@code buffer.length} bytes + close; every byte checked. */
    private static void readAndCheck(int storage, byte[] id, int n, byte[] buffer) throws TeeException {
        int read;
        try (PersistentObject o = open(storage, id, READ_FLAGS)) {
            read = o.read(buffer, 0, buffer.length);
        }
        if (read != buffer.length) {
            throw new TeeException(TeeResult.CORRUPT_OBJECT, "object " + n + ": read " + read + " bytes of " + buffer.length);
        }
        for (int i = 0; i < buffer.length; i++) {
            if (buffer[i] != contentByte(n, i)) {
                throw new TeeException(TeeResult.CORRUPT_OBJECT, "object " + n + ": byte " + i + " differs");
            }
        }
    }

    private static PersistentObject open(int storage, byte[] id, int flags) throws TeeException {
        return PersistentObject.open(storage, id, flags);
    }

    /** The id of object {@code n} ({@link #LARGE}: the large object) of the client tagged {@code tag}. */
    static byte[] id(int tag, int n) {
        return ("bench-" + tag + "-" + (n == LARGE ? "large" : Integer.toString(n))).getBytes(StandardCharsets.US_ASCII);
    }

    /** Byte {@code i} of object {@code n}: differs from object to object and along each. */
    static byte contentByte(int n, int i) {
        return (byte) (n * 131 + i * 7 + (i >>> 8));
    }

    private static byte[] content(int n, int bytes) {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = contentByte(n, i);
        }
        return data;
    }
}
