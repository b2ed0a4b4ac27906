package org.jtee.core.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParams;
import org.jtee.storage.SupplicantCalls;
import org.jtee.supplicant.FsService;

/**
 * For tests: the core's trusted storage as a core opens it ({@link CoreStorage}, from a HUK in a
 * state directory), over the supplicant's file service in this JVM. {@link #restart} is a restart
 * of the core on the same state and files; {@link #setAvailable} takes the supplicant away and
 * brings it back.
 */
public final class LocalStores implements SupplicantCalls, AutoCloseable {
    private final Path state;
    private final Path files;
    private final HardwareUniqueKey huk;
    private final FsService fs;
    private volatile boolean available = true;
    private CoreStorage storage;

    private LocalStores(Path dir) throws IOException {
        state = Files.createDirectories(dir.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        files = dir.resolve("ree");
        huk = HardwareUniqueKey.loadOrCreate(state, new SecureRandom());
        fs = new FsService(files);
        storage = CoreStorage.open(huk, this, state);
    }

    /** Storage under {@code dir}: the core's state in {@code dir/state}, the supplicant's files in {@code dir/ree}. */
    public static LocalStores open(Path dir) throws IOException {
        return new LocalStores(dir);
    }

    /** The core's objects in the REE FS store, as the core makes them. */
    public CoreObjects objects() {
        return new CoreObjects(storage.ree());
    }

    public CoreStorage storage() {
        return storage;
    }

    /** The core's state directory (where the old state files were). */
    public Path stateDirectory() {
        return state;
    }

    /** The supplicant's storage directory. */
    public Path files() {
        return files;
    }

    /** A new store over the same state and files, as after the core restarted. */
    public LocalStores restart() {
        storage.close();
        storage = CoreStorage.open(huk, this, state);
        return this;
    }

    /** While false, the supplicant does not answer (TEE_ERROR_COMMUNICATION, as the core's link). */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    @Override
    public WireParams call(int command, WireParams params) throws TeeException {
        if (!available || command != Rpc.FS) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "no supplicant answers " + Rpc.name(command));
        }
        return fs.serve(params);
    }

    @Override
    public void close() {
        storage.close();
        fs.close();
        huk.close();
    }
}
