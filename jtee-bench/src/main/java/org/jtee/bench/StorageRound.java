package org.jtee.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * One round of {@code jtee bench storage} on one backend with n clients: the TA's phases, then
 * the floors' ({@link StorageFloors}), each a rate over all clients. A round leaves behind what
 * it found: no small object, and each client's large object (overwritten by the next round).
 */
final class StorageRound {
    /** How many objects per call and how large the large object: what the backend holds. */
    record Sizes(int objectsPerCall, int largeBytes) {}

    /** Calls of k reads each per round and client: a round's reads take tens of milliseconds, not one. */
    static final int READ_CALLS = 20;

    private final List<StorageClient> clients;
    private final int storageId;
    private final Sizes sizes;
    private final StorageFloors floors;
    /** Floor a with one thread, beside the n-thread floors of a round with n > 1 sessions; else null. */
    private final StorageFloors single;
    private final int floorCount;

    StorageRound(List<StorageClient> clients, int storageId, Sizes sizes, StorageFloors floors, int floorCount) {
        this(clients, storageId, sizes, floors, null, floorCount);
    }

    StorageRound(List<StorageClient> clients, int storageId, Sizes sizes, StorageFloors floors, StorageFloors single,
            int floorCount) {
        this.clients = List.copyOf(clients);
        this.storageId = storageId;
        this.sizes = sizes;
        this.single = single;
        this.floors = floors;
        this.floorCount = floorCount;
    }

    /** Runs the round: metric name to rate (ops/s, or MB/s for the large object). */
    Map<String, Double> run() {
        int n = clients.size();
        int k = sizes.objectsPerCall();
        int bytes = StorageBenchmarks.OBJECT_BYTES;
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("create", n * k / StorageClient.all(clients, StorageBenchTa.CMD_CREATE, storageId, k, bytes));
        f.put("create-data", n * k / StorageClient.all(clients, StorageBenchTa.CMD_CREATE_WITH_DATA, storageId, k, bytes));
        // reads are cheap: READ_CALLS calls of k each, so a round's reads are long enough to time
        f.put("read", (double) n * k * READ_CALLS / StorageClient.all(clients, StorageBenchTa.CMD_READ, storageId, k, bytes, READ_CALLS));
        f.put("delete", n * k / StorageClient.all(clients, StorageBenchTa.CMD_DELETE, storageId, k, bytes));
        if (n == 1) {
            f.put("create-call", k / oneByOne(StorageBenchTa.CMD_CREATE, k, bytes));
            f.put("read-call", k / oneByOne(StorageBenchTa.CMD_READ, k, bytes));
            StorageClient.all(clients, StorageBenchTa.CMD_DELETE, storageId, k, bytes);
        }
        double largeMb = (double) n * sizes.largeBytes() / 1e6;
        f.put("write-large", largeMb / StorageClient.all(clients, StorageBenchTa.CMD_WRITE_LARGE, storageId, 1, sizes.largeBytes()));
        f.put("read-large", largeMb / StorageClient.all(clients, StorageBenchTa.CMD_READ_LARGE, storageId, 1, sizes.largeBytes()));
        f.put("floor-a", n * floorCount / floors.replace(floorCount));
        if (single != null) {
            f.put("floor-a1", floorCount / single.replace(floorCount));
        }
        f.put("floor-c", n * floorCount / floors.read(floorCount));
        f.put("floor-b", n * floorCount / floors.append(floorCount));
        return f;
    }

    /** The one client's k objects, one call each; wall seconds. */
    private double oneByOne(int command, int k, int bytes) {
        StorageClient c = clients.getFirst();
        return Gang.run(1, t -> {
            for (int i = 0; i < k; i++) {
                c.call(command, storageId, 1, i, bytes);
            }
        });
    }

    /**
     * The sizes the backend holds for these clients, starting from {@code start}: the large
     * object first (written twice, as the rounds overwrite it, and read back), then k small
     * objects beside it.
     * On {@code TEE_ERROR_STORAGE_NO_SPACE} the large object is cut to a quarter (not below
     * {@code smallestLarge}) or k halved (not below 1), and tried again; each cut is told to
     * {@code note}. Leaves each client's large object in place and no small one.
     */
    static Sizes fit(List<StorageClient> clients, int storageId, Sizes start, int smallestLarge, Consumer<String> note)
            throws TeeException {
        int large = start.largeBytes();
        while (!fits(clients, StorageBenchTa.CMD_WRITE_LARGE, storageId, 2, large)) {
            StorageClient.deleteQuietly(clients, storageId, 0, true);
            if (large / 4 < smallestLarge) {
                throw new TeeException(TeeResult.STORAGE_NO_SPACE, "not even a " + large / 1024
                        + " KiB object per session fits");
            }
            note.accept("a " + large / 1024 + " KiB object per session does not fit; the large object is "
                    + large / 4 / 1024 + " KiB");
            large /= 4;
        }
        // read back once: a store that acknowledged the object but cannot give it back fails here
        StorageClient.all(clients, StorageBenchTa.CMD_READ_LARGE, storageId, 1, large);
        int k = start.objectsPerCall();
        while (!fits(clients, StorageBenchTa.CMD_CREATE, storageId, k, StorageBenchmarks.OBJECT_BYTES)) {
            StorageClient.deleteQuietly(clients, storageId, k, false);
            if (k == 1) {
                throw new TeeException(TeeResult.STORAGE_NO_SPACE, "not even one 4 KiB object per session fits"
                        + " beside the large object");
            }
            note.accept(k + " objects of 4 KiB per session do not fit; " + k / 2 + " per call");
            k /= 2;
        }
        StorageClient.all(clients, StorageBenchTa.CMD_DELETE, storageId, k, StorageBenchmarks.OBJECT_BYTES);
        return new Sizes(k, large);
    }

    /** Whether the call succeeds on every client; false if one runs out of space, any other failure thrown. */
    private static boolean fits(List<StorageClient> clients, int command, int storageId, int count, int bytes)
            throws TeeException {
        try {
            StorageClient.all(clients, command, storageId, count, bytes);
            return true;
        } catch (IllegalStateException e) {
            TeeException failure = StorageClient.teeFailure(e);
            if (failure.result() == TeeResult.STORAGE_NO_SPACE) {
                return false;
            }
            throw failure;
        }
    }
}
