package org.jtee.supplicant;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.FsRpc;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * FS: the files of secure storage in one flat directory, the storage root (OP-TEE's
 * {@code tee_supp_fs.c}, with jtee's own stateless sub-commands: {@link FsRpc}). A name is
 * checked against {@link FsRpc#isValidName} before it touches the file system, so no request can
 * reach outside the directory; files are never opened through a symbolic link. The directory is
 * created with mode 0700 at the first request if it is missing.
 *
 * <p>Durability: WRITE with {@link FsRpc#FLAG_SYNC} returns after fdatasync; creating a file and
 * removing one sync the directory; PREALLOCATE and TRUNCATE write real zeros and sync the file.
 * Errors: a missing file is {@code TEE_ERROR_ITEM_NOT_FOUND}, a full disk
 * {@code TEE_ERROR_STORAGE_NO_SPACE}, any other I/O error {@code TEE_ERROR_GENERIC} (logged).
 */
public final class FsService implements RpcService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.supplicant");
    /** How many files stay open between requests. */
    static final int OPEN_FILES = 64;
    private static final int ZERO_CHUNK_BYTES = 64 << 10;

    private final Path directory;
    private final OpenFiles files;
    private volatile boolean directoryReady;

    /** Serves the files of {@code directory}, which is created (0700) when first needed. */
    public FsService(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.files = new OpenFiles(this.directory, OPEN_FILES);
    }

    @Override
    public int command() {
        return Rpc.FS;
    }

    @Override
    public WireParams serve(WireParams params) throws TeeException {
        if (!(params.get(0) instanceof WireParam.Value v) || v.type() != WireParam.VALUE_IN) {
            throw bad("FS needs [0] VALUE_IN with the sub-command");
        }
        if (v.a() < FsRpc.LIST || v.a() > FsRpc.REMOVE) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "unknown FS sub-command " + v.a());
        }
        int sub = (int) v.a();
        String name = sub == FsRpc.LIST ? prefix(params.get(1)) : name(params.get(1));
        ensureDirectory();
        try {
            return switch (sub) {
                case FsRpc.LIST -> reply(params, list(name, output(params.get(2), sub)));
                case FsRpc.READ -> reply(params, read(name, offset(v.b()), v.c(), output(params.get(2), sub)));
                case FsRpc.WRITE -> write(name, offset(v.b()), input(params.get(2)), flags(v.c()), params);
                case FsRpc.PREALLOCATE -> preallocate(name, offset(v.b()), params);
                case FsRpc.TRUNCATE -> truncate(name, offset(v.b()), params);
                case FsRpc.REMOVE -> remove(name, params);
                default -> throw new IllegalStateException("sub-command " + sub + " passed the range check");
            };
        } catch (IOException e) {
            throw failure(FsRpc.name(sub), name, e);
        }
    }

    private Map<String, Long> list(String prefix, WireParam.TempMem out) throws IOException, TeeException {
        Map<String, Long> found = new TreeMap<>();
        long bytes = 4;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!FsRpc.isValidName(n) || !n.startsWith(prefix)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    found.put(n, a.size());
                    bytes += 1 + n.length() + 8;
                }
            }
        }
        if (bytes > Math.min(out.size(), FsRpc.MAX_TRANSFER_BYTES)) {
            throw new TeeException(TeeResult.SHORT_BUFFER, ReturnOrigin.TEE, "the listing of " + found.size()
                    + " files takes " + bytes + " bytes, the buffer has " + out.size());
        }
        return found;
    }

    private byte[] read(String name, long offset, long length, WireParam.TempMem out) throws IOException, TeeException {
        if (length < 0 || length > FsRpc.MAX_TRANSFER_BYTES || length > out.size()) {
            throw bad("READ of " + length + " bytes: at most " + FsRpc.MAX_TRANSFER_BYTES + " and the buffer's " + out.size());
        }
        try (OpenFiles.Handle h = files.acquire(name, false)) {
            return readFully(h.channel(), offset, (int) length);
        }
    }

    /** Up to {@code length} bytes at {@code offset}: all of them, unless the file ends first. */
    private static byte[] readFully(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        int n = 0;
        while (buf.hasRemaining() && n >= 0) {
            n = ch.read(buf, offset + buf.position());
        }
        byte[] data = new byte[buf.position()];
        buf.flip().get(data);
        return data;
    }

    private WireParams write(String name, long offset, byte[] data, boolean sync, WireParams params)
            throws IOException, TeeException {
        checkEnd(offset, data.length);
        try (OpenFiles.Handle h = files.acquire(name, true)) {
            writeFully(h.channel(), ByteBuffer.wrap(data), offset);
            if (sync) {
                h.channel().force(false);
            }
        }
        return params;
    }

    private WireParams preallocate(String name, long length, WireParams params) throws IOException, TeeException {
        noData(params, FsRpc.PREALLOCATE);
        try (OpenFiles.Handle h = files.acquire(name, true)) {
            FileChannel ch = h.channel();
            writeZeros(ch, ch.size(), length);
            ch.force(true);
        }
        return params;
    }

    private WireParams truncate(String name, long length, WireParams params) throws IOException, TeeException {
        noData(params, FsRpc.TRUNCATE);
        try (OpenFiles.Handle h = files.acquire(name, false)) {
            FileChannel ch = h.channel();
            long size = ch.size();
            if (size > length) {
                ch.truncate(length);
            } else {
                writeZeros(ch, size, length);
            }
            ch.force(true);
        }
        return params;
    }

    private WireParams remove(String name, WireParams params) throws IOException, TeeException {
        noData(params, FsRpc.REMOVE);
        files.remove(name);
        return params;
    }

    /** Writes zeros from {@code from} up to {@code to}: real blocks, not a hole. */
    private static void writeZeros(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK_BYTES);
        for (long pos = from; pos < to; pos += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - pos));
            writeFully(ch, zeros, pos);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long offset) throws IOException {
        long start = offset - buf.position();
        while (buf.hasRemaining()) {
            ch.write(buf, start + buf.position());
        }
    }

    private void ensureDirectory() throws TeeException {
        if (directoryReady) {
            return;
        }
        try {
            OpenFiles.createDirectory(directory);
            directoryReady = true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot create the storage directory {0}: {1}", directory, e.toString());
            throw new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "no storage directory: " + e.getMessage());
        }
    }

    private TeeException failure(String what, String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no storage file " + name);
        }
        if (isNoSpace(e)) {
            LOG.log(Level.WARNING, "FS {0} {1}: the disk is full: {2}", what, name, e.getMessage());
            return new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "no space for " + name);
        }
        LOG.log(Level.WARNING, "FS {0} {1} in {2} failed: {3}", what, name, directory, e.toString());
        return new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "FS " + what + " " + name + " failed: " + e.getMessage());
    }

    /** ENOSPC or EDQUOT, as the JDK reports them: only in the message. */
    static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static WireParams reply(WireParams params, Map<String, Long> listing) {
        return reply(params, FsRpc.encodeListing(listing));
    }

    private static WireParams reply(WireParams params, byte[] data) {
        return WireParams.of(params.get(0), params.get(1),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, data.length, data), params.get(3));
    }

    private static String name(WireParam p) throws TeeException {
        String n = ascii(p);
        if (!FsRpc.isValidName(n)) {
            throw bad("bad storage file name: 1 to " + FsRpc.MAX_NAME_LENGTH + " of [a-z0-9.-], not starting with '.'");
        }
        return n;
    }

    private static String prefix(WireParam p) throws TeeException {
        String n = p.type() == WireParam.NONE ? "" : ascii(p);
        if (!FsRpc.isValidPrefix(n)) {
            throw bad("bad LIST prefix: up to " + FsRpc.MAX_NAME_LENGTH + " of [a-z0-9.-], not starting with '.'");
        }
        return n;
    }

    private static String ascii(WireParam p) throws TeeException {
        if (!(p instanceof WireParam.TempMem t) || t.type() != WireParam.TMEM_IN || t.data().length > FsRpc.MAX_NAME_LENGTH) {
            throw bad("FS needs [1] TMEM_IN with a file name of at most " + FsRpc.MAX_NAME_LENGTH + " bytes");
        }
        return new String(t.data(), StandardCharsets.US_ASCII);
    }

    private static WireParam.TempMem output(WireParam p, int sub) throws TeeException {
        if (!(p instanceof WireParam.TempMem t) || t.type() != WireParam.TMEM_OUT) {
            throw bad(FsRpc.name(sub) + " needs [2] TMEM_OUT");
        }
        return t;
    }

    private static byte[] input(WireParam p) throws TeeException {
        if (!(p instanceof WireParam.TempMem t) || t.type() != WireParam.TMEM_IN || t.data().length > FsRpc.MAX_TRANSFER_BYTES) {
            throw bad("WRITE needs [2] TMEM_IN of at most " + FsRpc.MAX_TRANSFER_BYTES + " bytes");
        }
        return t.data();
    }

    private static void noData(WireParams params, int sub) throws TeeException {
        if (params.get(2).type() != WireParam.NONE) {
            throw bad(FsRpc.name(sub) + " takes no [2]");
        }
    }

    private static boolean flags(long c) throws TeeException {
        if ((c & ~FsRpc.FLAG_SYNC) != 0) {
            throw bad("unknown WRITE flags 0x" + Long.toHexString(c));
        }
        return c == FsRpc.FLAG_SYNC;
    }

    private static long offset(long b) throws TeeException {
        if (b < 0 || b > FsRpc.MAX_FILE_BYTES) {
            throw bad("offset or length " + Long.toUnsignedString(b) + " outside 0.." + FsRpc.MAX_FILE_BYTES);
        }
        return b;
    }

    private static void checkEnd(long offset, int length) throws TeeException {
        if (offset + length > FsRpc.MAX_FILE_BYTES) {
            throw bad("a write ending beyond " + FsRpc.MAX_FILE_BYTES + " bytes");
        }
    }

    private static TeeException bad(String message) {
        return new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, message);
    }

    /** Closes the files kept open. */
    @Override
    public void close() {
        files.close();
    }
}
