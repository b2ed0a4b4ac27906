package org.jtee.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jtee.common.TeeException;
import org.jtee.crypto.TeeStorage;

/**
 * {@code jtee bench storage}: GP trusted storage through {@link StorageBenchTa} in TA hosts,
 * per backend (REE FS and RPMB), with 1 session and with 8 concurrent ones (8 client threads,
 * each with a connection, a session, a TA instance and objects of its own), beside the file
 * system's floors measured in the same run on the directory the supplicant stores into
 * ({@link StorageFloors}).
 *
 * <p>Each call runs k operations inside the TA (k = {@link #REE_OBJECTS_PER_CALL} objects per
 * session on REE FS), so the call's own cost is spread over k: create (OVERWRITE) + write 4 KiB +
 * close of k new objects (two commits each: the create, then the write), the same with the 4 KiB
 * as the create's initial data ({@code create-data}: one commit), then open + read 4 KiB + close
 * of the same (just written, so cached),
 * then open + delete. The large case writes one object of 1 MiB (256 KiB on RPMB) in one call and
 * reads it back in one. With 1 session the same operations are also run one per call ({@code create-call},
 * {@code read-call}). Throughputs are totals over all sessions: operations (or bytes) of all
 * sessions ÷ the wall time from the common start until the last session is done.
 *
 * <p>The floors ({@link StorageFloors}) run in {@value #FLOOR_DIRECTORY} inside the storage
 * directory, one thread per session, {@link #REE_OBJECTS_PER_CALL} operations per thread and
 * round on either backend; {@code ratio-create} = create ÷ floor a, {@code ratio-create-data} =
 * create-data ÷ floor a, {@code ratio-read} = read ÷ floor c. With n > 1 sessions floor a runs in n
 * threads at once (the file system groups their syncs too), and also in one thread
 * ({@code floor-a1}, one program saving files one after another, the floor the targets name):
 * {@code ratio-create-a1} and {@code ratio-create-data-a1} are against it.
 *
 * <p>The emulated RPMB device is small: if the objects do not fit, the bench halves k, and cuts
 * the large object to a quarter (down to 16 KiB), until they do; the sizes used are reported
 * ({@code objects}, {@code large-size}).
 *
 * <p>First {@value #WARMUP_MILLIS} ms (at least two rounds) of warm-up, TA and floors alike;
 * then {@value #ROUNDS} rounds, each the TA's phases followed by the floors', and each figure is
 * the median of its rounds: disk syncs vary more than the CPU does, and the median is not the
 * luckiest round.
 */
public final class StorageBenchmarks {
    static final int OBJECT_BYTES = 4096;
    static final int REE_OBJECTS_PER_CALL = 32;
    static final int RPMB_OBJECTS_PER_CALL = 8;
    static final int LARGE_BYTES = 1 << 20;
    /**
     * The large object on RPMB: the emulated device holds 2 MiB, and the log on it (a ring of
     * slots that compaction keeps some of free) not even one object of 1 MiB.
     */
    static final int RPMB_LARGE_BYTES = 256 << 10;
    static final int SMALLEST_LARGE_BYTES = 16 << 10;
    static final int[] SESSIONS = {1, 8};
    static final int ROUNDS = 5;
    /** Long enough for the TA host and the core to compile the storage paths (a read stays interpreted for seconds). */
    static final int WARMUP_MILLIS = 8000;
    /** Under the storage directory; a dot name, which the supplicant never lists as a storage file. */
    static final String FLOOR_DIRECTORY = ".bench-floor";

    /** A backend: its name in the bench's, its storage id, its first k and large object size. */
    record Backend(String name, int storageId, int objectsPerCall, int largeBytes) {}

    private static final List<Backend> BACKENDS = List.of(
            new Backend("ree", TeeStorage.PRIVATE_REE, REE_OBJECTS_PER_CALL, LARGE_BYTES),
            new Backend("rpmb", TeeStorage.PRIVATE_RPMB, RPMB_OBJECTS_PER_CALL, RPMB_LARGE_BYTES));

    private StorageBenchmarks() {}

    /**
     * What {@link #run} measured, and the runs that failed (each named with its error): a backend
     * that fails does not keep the others from being measured.
     */
    public record Result(List<Measurement> measurements, List<String> failures) {
        public Result {
            measurements = List.copyOf(measurements);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Each backend with 1 and with 8 sessions, against the core at {@code socket} whose supplicant
     * stores into {@code storageDirectory}; {@code progress} is told each bench's name before it
     * runs, {@code note} any size the bench had to cut. {@code -Djtee.bench.storage.backends=ree,rpmb}
     * and {@code -Djtee.bench.storage.sessions=1,8} (through {@code JTEE_JAVA_OPTS}) choose fewer.
     */
    public static Result run(Path socket, Path storageDirectory, Consumer<String> progress, Consumer<String> note)
            throws IOException {
        List<Measurement> all = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int tagBase = 0;
        for (Backend backend : backends()) {
            for (int sessions : sessions()) {
                String bench = "storage-" + backend.name() + "-" + sessions + "s";
                progress.accept(bench);
                try {
                    all.addAll(measure(socket, storageDirectory.resolve(FLOOR_DIRECTORY), bench, backend, sessions,
                            tagBase, text -> note.accept(bench + ": " + text)));
                } catch (TeeException e) {
                    failures.add(bench + ": " + e.getMessage());
                }
                tagBase += sessions;
            }
        }
        return new Result(all, failures);
    }

    /** The backends to measure: all, or those {@code jtee.bench.storage.backends} names. */
    static List<Backend> backends() {
        String named = System.getProperty("jtee.bench.storage.backends", "").trim();
        if (named.isEmpty()) {
            return BACKENDS;
        }
        List<Backend> chosen = new ArrayList<>();
        for (String name : named.split(",")) {
            chosen.add(BACKENDS.stream().filter(b -> b.name().equals(name.trim())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("jtee.bench.storage.backends: no backend '" + name.trim()
                            + "'; there are ree and rpmb")));
        }
        return chosen;
    }

    /** The session counts to measure: 1 and 8, or those {@code jtee.bench.storage.sessions} names. */
    static int[] sessions() {
        String named = System.getProperty("jtee.bench.storage.sessions", "").trim();
        if (named.isEmpty()) {
            return SESSIONS.clone();
        }
        int[] chosen = Arrays.stream(named.split(",")).mapToInt(n -> Integer.parseInt(n.trim())).toArray();
        if (Arrays.stream(chosen).anyMatch(n -> n < 1 || n > 16)) {
            throw new IllegalArgumentException("jtee.bench.storage.sessions: 1 to 16 sessions, not " + named);
        }
        return chosen;
    }

    private static List<Measurement> measure(Path socket, Path floorDirectory, String bench, Backend backend,
            int sessions, int tagBase, Consumer<String> note) throws TeeException, IOException {
        List<StorageClient> clients = new ArrayList<>();
        try (StorageFloors floors = new StorageFloors(floorDirectory, sessions, OBJECT_BYTES);
                StorageFloors single = sessions > 1 ? new StorageFloors(floorDirectory.resolve("one"), 1, OBJECT_BYTES) : null) {
            for (int t = 0; t < sessions; t++) {
                clients.add(StorageClient.open(socket, tagBase + t));
            }
            StorageRound.Sizes sizes = StorageRound.fit(clients, backend.storageId(),
                    new StorageRound.Sizes(backend.objectsPerCall(), backend.largeBytes()), SMALLEST_LARGE_BYTES, note);
            StorageRound round = new StorageRound(clients, backend.storageId(), sizes, floors, single, REE_OBJECTS_PER_CALL);
            long warmEnd = System.nanoTime() + WARMUP_MILLIS * 1_000_000L;
            for (int r = 0; r < 2 || System.nanoTime() < warmEnd; r++) {
                round.run();
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            for (int r = 0; r < ROUNDS; r++) {
                int index = r;
                round.run().forEach((metric, value) -> series.computeIfAbsent(metric, k -> new double[ROUNDS])[index] = value);
            }
            return report(bench, backend, sizes, series);
        } catch (IllegalStateException e) {
            throw StorageClient.teeFailure(e);
        } finally {
            StorageClient.deleteQuietly(clients, backend.storageId(), 0, true);
            clients.forEach(StorageClient::close);
        }
    }

    private static List<Measurement> report(String bench, Backend backend, StorageRound.Sizes sizes, Map<String, double[]> series) {
        List<Measurement> m = new ArrayList<>();
        double create = median(series.get("create"));
        double read = median(series.get("read"));
        double createData = median(series.get("create-data"));
        m.add(new Measurement(bench, "create", "ops/s", create));
        m.add(new Measurement(bench, "create-data", "ops/s", createData));
        m.add(new Measurement(bench, "read", "ops/s", read));
        m.add(new Measurement(bench, "delete", "ops/s", median(series.get("delete"))));
        if (series.containsKey("create-call")) {
            m.add(new Measurement(bench, "create-call", "ops/s", median(series.get("create-call"))));
            m.add(new Measurement(bench, "read-call", "ops/s", median(series.get("read-call"))));
        }
        if (backend.storageId() == TeeStorage.PRIVATE_RPMB) {
            m.add(new Measurement(bench, "create-kb", "KB/s", create * OBJECT_BYTES / 1e3));
            m.add(new Measurement(bench, "read-kb", "KB/s", read * OBJECT_BYTES / 1e3));
        }
        m.add(new Measurement(bench, "write-large", "MB/s", median(series.get("write-large"))));
        m.add(new Measurement(bench, "read-large", "MB/s", median(series.get("read-large"))));
        m.add(new Measurement(bench, "large-size", "KiB", sizes.largeBytes() / 1024.0));
        m.add(new Measurement(bench, "objects", "count", sizes.objectsPerCall()));
        double floorA = median(series.get("floor-a"));
        double floorC = median(series.get("floor-c"));
        m.add(new Measurement(bench, "floor-a", "ops/s", floorA));
        m.add(new Measurement(bench, "floor-b", "ops/s", median(series.get("floor-b"))));
        m.add(new Measurement(bench, "floor-c", "ops/s", floorC));
        m.add(new Measurement(bench, "ratio-create", "x", create / floorA));
        m.add(new Measurement(bench, "ratio-create-data", "x", createData / floorA));
        if (series.containsKey("floor-a1")) {
            // the measure for n sessions: against one program saving files one after another
            double floorA1 = median(series.get("floor-a1"));
            m.add(new Measurement(bench, "floor-a1", "ops/s", floorA1));
            m.add(new Measurement(bench, "ratio-create-a1", "x", create / floorA1));
            m.add(new Measurement(bench, "ratio-create-data-a1", "x", createData / floorA1));
        }
        m.add(new Measurement(bench, "ratio-read", "x", read / floorC));
        return m;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
