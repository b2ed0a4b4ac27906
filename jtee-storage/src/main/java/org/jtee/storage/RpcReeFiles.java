package org.jtee.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.FsRpc;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * {@link ReeFiles} over the supplicant's RPC {@link Rpc#FS} ({@link FsRpc} has the layout). A
 * READ or WRITE larger than {@link FsRpc#MAX_TRANSFER_BYTES} is split into calls of at most that
 * size; a split write syncs once, with its last call (fdatasync covers the whole file). Every
 * reply is checked before use: a reply with missing or inconsistent slots, more bytes than
 * asked for, or a listing that does not parse is {@code TEE_ERROR_BAD_FORMAT}, never trusted.
 *
 * <p>The supplicant's errors are narrowed to {@link ReeFiles}'s: {@code TEE_ERROR_ITEM_NOT_FOUND}
 * (READ, TRUNCATE) and {@code TEE_ERROR_STORAGE_NO_SPACE} (WRITE, PREALLOCATE, TRUNCATE) as
 * they come, no supplicant or one without storage ({@code TEE_ERROR_COMMUNICATION},
 * {@code TEE_ERROR_NOT_SUPPORTED}) as {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}, anything else as
 * {@code TEE_ERROR_GENERIC}. A bad name, offset or length from the caller is
 * {@code TEE_ERROR_BAD_PARAMETERS} before anything is sent. Thread-safe if the
 * {@link SupplicantCalls} is.
 */
public final class RpcReeFiles implements ReeFiles {
    private final SupplicantCalls supplicant;
    private final String listPrefix;

    /** The files of the whole storage directory. */
    public RpcReeFiles(SupplicantCalls supplicant) {
        this(supplicant, "");
    }

    /**
     * The storage directory's files, with {@link #list()} limited to the names that start with
     * {@code listPrefix} (one store's files, when each store's names share a prefix).
     */
    public RpcReeFiles(SupplicantCalls supplicant, String listPrefix) {
        if (!FsRpc.isValidPrefix(listPrefix)) {
            throw new IllegalArgumentException("not a valid name prefix: " + listPrefix);
        }
        this.supplicant = supplicant;
        this.listPrefix = listPrefix;
    }

    @Override
    public Map<String, Long> list() throws TeeException {
        WireParams out = call(FsRpc.LIST, 0, 0, listPrefix, output(FsRpc.MAX_TRANSFER_BYTES));
        Map<String, Long> files;
        try {
            files = FsRpc.decodeListing(returned(out, FsRpc.MAX_TRANSFER_BYTES, "LIST"));
        } catch (IllegalArgumentException e) {
            throw malformed("LIST: " + e.getMessage());
        }
        for (String name : files.keySet()) {
            if (!name.startsWith(listPrefix)) {
                throw malformed("LIST returned " + name + ", which does not start with " + listPrefix);
            }
        }
        return files;
    }

    @Override
    public byte[] read(String name, long offset, int length) throws TeeException {
        checkName(name);
        checkRange(offset, length);
        ByteArrayOutputStream data = new ByteArrayOutputStream(Math.min(length, FsRpc.MAX_TRANSFER_BYTES));
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, FsRpc.MAX_TRANSFER_BYTES);
            byte[] got = returned(call(FsRpc.READ, offset + done, chunk, name, output(chunk)), chunk, "READ");
            data.writeBytes(got);
            done += got.length;
            if (got.length < chunk) {
                break;
            }
        }
        return data.toByteArray();
    }

    @Override
    public void write(String name, long offset, byte[] data, boolean sync) throws TeeException {
        checkName(name);
        checkRange(offset, data.length);
        int done = 0;
        do {
            int chunk = Math.min(data.length - done, FsRpc.MAX_TRANSFER_BYTES);
            boolean last = done + chunk == data.length;
            byte[] part = chunk == data.length ? data : Arrays.copyOfRange(data, done, done + chunk);
            call(FsRpc.WRITE, offset + done, sync && last ? FsRpc.FLAG_SYNC : 0, name,
                    new WireParam.TempMem(WireParam.TMEM_IN, false, part.length, part));
            done += chunk;
        } while (done < data.length);
    }

    @Override
    public void preallocate(String name, long length) throws TeeException {
        checkName(name);
        checkRange(length, 0);
        call(FsRpc.PREALLOCATE, length, 0, name, null);
    }

    @Override
    public void truncate(String name, long length) throws TeeException {
        checkName(name);
        checkRange(length, 0);
        call(FsRpc.TRUNCATE, length, 0, name, null);
    }

    @Override
    public void remove(String name) throws TeeException {
        checkName(name);
        call(FsRpc.REMOVE, 0, 0, name, null);
    }

    private WireParams call(int sub, long b, long c, String name, WireParam data) throws TeeException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        WireParams params = WireParams.of(new WireParam.Value(WireParam.VALUE_IN, sub, b, c),
                new WireParam.TempMem(WireParam.TMEM_IN, false, n.length, n), data, null);
        try {
            return supplicant.call(Rpc.FS, params);
        } catch (TeeException e) {
            throw narrowed(sub, name, e);
        }
    }

    private static TeeException narrowed(int sub, String name, TeeException e) {
        int r = e.result();
        String what = "FS " + FsRpc.name(sub) + " " + name + ": ";
        if (r == TeeResult.ITEM_NOT_FOUND && (sub == FsRpc.READ || sub == FsRpc.TRUNCATE)
                || r == TeeResult.STORAGE_NO_SPACE && (sub == FsRpc.WRITE || sub == FsRpc.PREALLOCATE || sub == FsRpc.TRUNCATE)) {
            return new TeeException(r, ReturnOrigin.TEE, what + e.getMessage(), e);
        }
        if (r == TeeResult.COMMUNICATION || r == TeeResult.NOT_SUPPORTED) {
            return new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, what + "no supplicant serves storage ("
                    + TeeResult.name(r) + ")", e);
        }
        return new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, what + "failed with " + TeeResult.name(r), e);
    }

    /** The bytes the reply's [2] carries: a TMEM_OUT of at most {@code max} bytes, size and data agreeing. */
    private static byte[] returned(WireParams out, int max, String what) throws TeeException {
        if (!(out.get(2) instanceof WireParam.TempMem t) || t.type() != WireParam.TMEM_OUT
                || t.size() != t.data().length || t.size() > max) {
            throw malformed(what + " reply's [2] is not a TMEM_OUT of at most " + max + " bytes");
        }
        return t.data();
    }

    private static WireParam output(int size) {
        return new WireParam.TempMem(WireParam.TMEM_OUT, false, size, new byte[0]);
    }

    private static TeeException malformed(String message) {
        return new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "supplicant returned a malformed " + message);
    }

    private static void checkName(String name) throws TeeException {
        if (!FsRpc.isValidName(name)) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "storage file name " + name
                    + " is not 1 to " + FsRpc.MAX_NAME_LENGTH + " of [a-z0-9.-] starting with no '.'");
        }
    }

    private static void checkRange(long offset, int length) throws TeeException {
        if (offset < 0 || length < 0 || offset > FsRpc.MAX_FILE_BYTES - length) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "offset " + offset + " and length " + length
                    + " are outside 0.." + FsRpc.MAX_FILE_BYTES);
        }
    }
}
