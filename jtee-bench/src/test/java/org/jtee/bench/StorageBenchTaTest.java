package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaLoading;
import org.jtee.crypto.TeeStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StorageBenchTa} in a real core (in this JVM; the supplicant and the TA hosts are child
 * processes), signed and trusted as {@code jtee bench} does it: what each command stores and
 * checks, the clients' ids kept apart, and the sizes cut to what the emulated RPMB device holds.
 */
class StorageBenchTaTest {
    @TempDir
    static Path home;
    static Core core;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        IsolatedTaImage.Installed tas = IsolatedTaImage.installUnder(home);
        CoreConfig config = CoreConfig.under(home).withHardening(false)
                .withTaLoading(new TaLoading(List.of(tas.trustFile()), null, null, 1, 2_000, false))
                .withSupplicant(SupplicantSettings.defaults().withTaDirectories(List.of(tas.taDirectory())));
        core = Core.start(config, StorageBenchTaTest.class.getClassLoader());
        socket = config.clientSocket();
        try (TeeContext ctx = TeeContext.open(socket)) {
            HostBenchmarks.awaitReady(ctx);
        }
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @Test
    void create_read_delete_ofKObjects_onReeFs() throws Exception {
        try (StorageClient c = StorageClient.open(socket, 1)) {
            c.call(StorageBenchTa.CMD_CREATE, TeeStorage.PRIVATE_REE, 3, 0, 4096);
            c.call(StorageBenchTa.CMD_READ, TeeStorage.PRIVATE_REE, 3, 0, 4096);
            c.call(StorageBenchTa.CMD_DELETE, TeeStorage.PRIVATE_REE, 3, 0, 4096);
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> c.call(StorageBenchTa.CMD_READ, TeeStorage.PRIVATE_REE, 1, 2, 4096));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> c.call(StorageBenchTa.CMD_DELETE, TeeStorage.PRIVATE_REE, 1, 0, 4096));
        }
    }

    @Test
    void createWithData_readsBackAsTheWrittenContent() throws Exception {
        try (StorageClient c = StorageClient.open(socket, 5)) {
            c.call(StorageBenchTa.CMD_CREATE_WITH_DATA, TeeStorage.PRIVATE_REE, 2, 0, 4096);
            c.call(StorageBenchTa.CMD_READ, TeeStorage.PRIVATE_REE, 2, 0, 4096);
            assertResult(TeeResult.CORRUPT_OBJECT, () -> c.call(StorageBenchTa.CMD_READ, TeeStorage.PRIVATE_REE, 1, 0, 8192));
            c.call(StorageBenchTa.CMD_DELETE, TeeStorage.PRIVATE_REE, 2, 0, 0);
        }
    }

    @Test
    void read_ofMoreBytesThanTheObjectHolds_isCorruptObject() throws Exception {
        try (StorageClient c = StorageClient.open(socket, 2)) {
            c.call(StorageBenchTa.CMD_CREATE, TeeStorage.PRIVATE_REE, 1, 0, 100);
            assertResult(TeeResult.CORRUPT_OBJECT, () -> c.call(StorageBenchTa.CMD_READ, TeeStorage.PRIVATE_REE, 1, 0, 200));
            c.call(StorageBenchTa.CMD_DELETE, TeeStorage.PRIVATE_REE, 1, 0, 0);
        }
    }

    @Test
    void clients_withOtherTags_doNotSeeEachOthersObjects() throws Exception {
        try (StorageClient a = StorageClient.open(socket, 3); StorageClient b = StorageClient.open(socket, 4)) {
            a.call(StorageBenchTa.CMD_CREATE, TeeStorage.PRIVATE_REE, 2, 0, 64);
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> b.call(StorageBenchTa.CMD_READ, TeeStorage.PRIVATE_REE, 1, 0, 64));
            a.call(StorageBenchTa.CMD_DELETE, TeeStorage.PRIVATE_REE, 2, 0, 0);
        }
    }

    @Test
    void largeObject_of1MiB_writtenAndReadInOneCall() throws Exception {
        try (StorageClient c = StorageClient.open(socket, 5)) {
            c.call(StorageBenchTa.CMD_WRITE_LARGE, TeeStorage.PRIVATE_REE, 1, 0, StorageBenchTa.MAX_OBJECT_BYTES);
            c.call(StorageBenchTa.CMD_READ_LARGE, TeeStorage.PRIVATE_REE, 1, 0, StorageBenchTa.MAX_OBJECT_BYTES);
            c.call(StorageBenchTa.CMD_DELETE_LARGE, TeeStorage.PRIVATE_REE, 0, 0, 0);
            assertResult(TeeResult.BAD_PARAMETERS, () -> c.call(StorageBenchTa.CMD_WRITE_LARGE, TeeStorage.PRIVATE_REE, 1, 0,
                    StorageBenchTa.MAX_OBJECT_BYTES + 1));
        }
    }

    @Test
    void fit_onRpmb_cutsTheLargeObjectUntilEveryClientsFits() throws Exception {
        List<StorageClient> clients = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                clients.add(StorageClient.open(socket, 10 + t));
            }
            // four clients of 512 KiB each and the old copies they overwrite: more than the 2 MiB device
            StorageRound.Sizes sizes = StorageRound.fit(clients, TeeStorage.PRIVATE_RPMB,
                    new StorageRound.Sizes(4, 512 << 10), 16 << 10, notes::add);
            assertTrue(sizes.largeBytes() < 512 << 10, sizes.toString());
            assertEquals(4, sizes.objectsPerCall());
            assertTrue(notes.getFirst().contains("512 KiB object per session does not fit"), notes.toString());
            StorageClient.all(clients, StorageBenchTa.CMD_READ_LARGE, TeeStorage.PRIVATE_RPMB, 1, sizes.largeBytes());
        } finally {
            StorageClient.deleteQuietly(clients, TeeStorage.PRIVATE_RPMB, 4, true);
            clients.forEach(StorageClient::close);
        }
    }

    private interface Call {
        void run() throws TeeException;
    }

    private static void assertResult(int result, Call call) {
        TeeException e = assertThrows(TeeException.class, call::run);
        assertEquals(result, e.result(), e.getMessage());
    }
}
