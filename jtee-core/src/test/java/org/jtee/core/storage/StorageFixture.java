package org.jtee.core.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.crypto.spi.StorageChannels;
import org.jtee.crypto.TeeStorage;
import org.jtee.storage.ObjectStore;
import org.jtee.storage.RpcReeFiles;
import org.jtee.storage.Stores;
import org.jtee.supplicant.FsService;

/**
 * A real REE FS store (the storage engine's, over the supplicant's file service in this JVM)
 * under a test's directory, and the GP layer over it; TAs' instances are handle tables the test
 * makes ({@link #instance}) and calls as a built-in TA would ({@link #as}).
 */
final class StorageFixture implements AutoCloseable {
    final FsService files;
    final ObjectStore store;
    final StorageService service;

    StorageFixture(Path dir) {
        this(dir, store -> store);
    }

    /** With the store seen through {@code wrap} (to inject faults). */
    StorageFixture(Path dir, java.util.function.UnaryOperator<ObjectStore> wrap) {
        byte[] ssk = new byte[32];
        new Random(11).nextBytes(ssk);
        files = new FsService(dir.resolve("supplicant"));
        store = Stores.reeFs(new RpcReeFiles((command, params) -> files.serve(params)), ssk, dir.resolve("state"));
        service = new StorageService(Map.of(TeeStorage.PRIVATE_REE, wrap.apply(store)));
    }

    /** A new instance of TA {@code ta}: its own handle table. */
    TaStorage instance(UUID ta) {
        return service.forInstance(ta, false);
    }

    interface Body<T> {
        T run() throws TeeException;
    }

    interface Action {
        void run() throws TeeException;
    }

    /** Runs {@code body} as an entry of the instance {@code ta} runs, with its storage channel bound. */
    static <T> T as(TaStorage ta, Body<T> body) throws TeeException {
        return StorageChannels.callWith(new InCoreStorageChannel(ta, null), body::run);
    }

    static void run(TaStorage ta, Action action) throws TeeException {
        as(ta, () -> {
            action.run();
            return null;
        });
    }

    @Override
    public void close() {
        store.close();
        files.close();
    }
}
