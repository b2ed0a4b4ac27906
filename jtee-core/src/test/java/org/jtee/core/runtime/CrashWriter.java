package org.jtee.core.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.runtime.CrashModel.State;
import org.jtee.core.runtime.CrashModel.Step;
import org.jtee.core.runtime.CrashModel.Stored;
import org.jtee.storage.ObjectStore;
import org.jtee.storage.RpcReeFiles;
import org.jtee.storage.StorageKeys;
import org.jtee.storage.Stores;

/**
 * The core's side of the crash test, run as a process of its own that {@link CrashRoundsTest}
 * kills: it loads (or makes) a HUK in the state directory, starts the real supplicant as its
 * child through {@link SupplicantLink}, as the core does, opens the REE FS store of
 * {@link CoreStorage} (or, with {@code --segment-bytes}, the same store with small segments, so
 * that kills land in segment changes and compaction too; or, with {@code --store rpmb}, its RPMB
 * store on the supplicant's emulated device), reports what the store holds, and then
 * mutates the {@link CrashModel}'s objects for ever, in {@value #THREADS} threads so that their
 * commits meet in group commits.
 *
 * <pre>
 * CrashWriter --state-dir DIR --storage-dir DIR --seed N [--segment-bytes N | --store ree|rpmb]
 *
 * stdout                          meaning
 *   PIDS &lt;core&gt; &lt;supplicant&gt;       this process and its supplicant child
 *   STATE &lt;i&gt; &lt;digest&gt; &lt;sizes&gt;     what the store holds for object i ({@link State#digest()})
 *   OBJECTS &lt;n&gt;                   how many objects the store lists for the TA
 *   READY                         then one line is read from stdin:
 *   &lt;- GO &lt;v0&gt; .. &lt;v7&gt;            each object's version; &lt;v&gt;:&lt;k&gt; when k calls of version v are made
 *   BEGIN &lt;i&gt; &lt;v&gt;                 the calls that make version v of object i start (one object
 *                                 per thread at a time)
 *   ACK &lt;i&gt; &lt;v&gt;                   they all returned success: version v is durable
 *   ERROR &lt;result&gt; &lt;message&gt;      a storage error other than STORAGE_NOT_AVAILABLE; exit status 2
 * </pre>
 *
 * Calls that fail with {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} (the supplicant was killed and is
 * being restarted) are tried again; each line is flushed before the next call.
 */
final class CrashWriter {
    /** How long a call is retried while storage is not available: a few supplicant restarts with backoff. */
    private static final long RETRY_MILLIS = 60_000;
    /** The store's logger, held so that the level set on it stays. */
    private static final Logger STORE_LOG = Logger.getLogger("org.jtee.storage");
    /** Writing threads; each owns the objects {@code i} with {@code i % THREADS} its number. */
    static final int THREADS = 2;

    private final ObjectStore store;
    private final long seed;
    private final long[] versions = new long[CrashModel.OBJECTS];

    private CrashWriter(ObjectStore store, long seed) {
        this.store = store;
        this.seed = seed;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(Options.parse(args)));
    }

    record Options(Path stateDirectory, Path storageDirectory, long seed, int segmentBytes, boolean rpmb) {
        static Options parse(String[] args) {
            Path state = null;
            Path storage = null;
            long seed = 0;
            int segmentBytes = 0;
            boolean rpmb = false;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--state-dir" -> state = Path.of(args[i + 1]);
                    case "--storage-dir" -> storage = Path.of(args[i + 1]);
                    case "--seed" -> seed = Long.parseLong(args[i + 1]);
                    case "--segment-bytes" -> segmentBytes = Integer.parseInt(args[i + 1]);
                    case "--store" -> rpmb = switch (args[i + 1]) {
                        case Stores.REE -> false;
                        case Stores.RPMB -> true;
                        default -> throw new IllegalArgumentException("--store is ree or rpmb, not " + args[i + 1]);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (state == null || storage == null || args.length % 2 != 0 || rpmb && segmentBytes > 0) {
                throw new IllegalArgumentException("usage: CrashWriter --state-dir DIR --storage-dir DIR --seed N "
                        + "[--segment-bytes N | --store ree|rpmb]");
            }
            return new Options(state, storage, seed, segmentBytes, rpmb);
        }
    }

    private static int run(Options o) throws IOException, InterruptedException {
        Files.createDirectories(o.stateDirectory(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        logStorage(o.storageDirectory());
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(o.stateDirectory(), new SecureRandom());
                SupplicantLink link = SupplicantLink.launch(List.of(), o.storageDirectory(),
                        SupplicantSettings.DEFAULT_RPC_TIMEOUT_MILLIS, SupplicantSettings.DEFAULT_WRITE_TIMEOUT_MILLIS);
                ObjectStore store = open(o, huk, link)) {
            if (!link.awaitConnected(60_000)) {
                say("ERROR NO_SUPPLICANT the supplicant did not connect within 60 s");
                return 2;
            }
            say("PIDS " + ProcessHandle.current().pid() + " " + supplicantPid());
            CrashWriter w = new CrashWriter(store, o.seed());
            w.report();
            w.resume(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine());
            w.writeForEver();
            return 0;
        } catch (TeeException e) {
            say("ERROR " + TeeResult.name(e.result()) + " " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            say("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
            return 2;
        }
    }

    /**
     * For a failure's diagnosis, in the log: the storage files as this writer finds them, and the
     * store's own debug lines (each mount's commit and segments).
     */
    private static void logStorage(Path storage) throws IOException {
        StringBuilder files = new StringBuilder("crash writer " + ProcessHandle.current().pid() + " finds storage files:");
        if (Files.isDirectory(storage)) {
            try (Stream<Path> list = Files.list(storage)) {
                for (Path f : list.sorted().toList()) {
                    files.append(' ').append(f.getFileName()).append('=').append(Files.size(f));
                }
            }
        }
        System.err.println(files);
        STORE_LOG.setLevel(Level.FINE);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.FINE);
        STORE_LOG.addHandler(handler);
        STORE_LOG.setUseParentHandlers(false);
    }

    /**
     * The REE FS store as {@link CoreStorage} makes it, or with segments of {@code --segment-bytes};
     * or with {@code --store rpmb} the RPMB store as {@link CoreStorage} makes it.
     */
    private static ObjectStore open(Options o, HardwareUniqueKey huk, SupplicantLink link) {
        if (o.segmentBytes() == 0) {
            CoreStorage storage = CoreStorage.open(huk, link::call, o.stateDirectory());
            return o.rpmb() ? storage.rpmb() : storage.ree();
        }
        byte[] ssk = huk.hmacSha256(StorageKeys.kdfInput("jtee secure storage key", ByteBuffer.allocate(4).putInt(CoreStorage.GUEST).array()));
        try {
            return Stores.reeFs(new RpcReeFiles(link::call), ssk, o.stateDirectory().resolve(CoreStorage.STATE_SUBDIRECTORY), o.segmentBytes());
        } finally {
            Arrays.fill(ssk, (byte) 0);
        }
    }

    private static long supplicantPid() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    /** Prints what the store holds for each object, and how many objects it lists. */
    private void report() throws TeeException, InterruptedException {
        for (int i = 0; i < CrashModel.OBJECTS; i++) {
            int object = i;
            State s = retrying(() -> new State(stored(object, false), stored(object, true)));
            say("STATE " + i + " " + s.digest() + " " + s.sizes());
        }
        say("OBJECTS " + retrying(() -> store.list(CrashModel.OWNER).size()));
        say("READY");
    }

    private Stored stored(int object, boolean temp) throws TeeException {
        ObjectStore.Entry e = store.find(CrashModel.OWNER, CrashModel.id(object, temp));
        if (e == null) {
            return null;
        }
        byte[] data = new byte[Math.toIntExact(e.dataSize())];
        int n = store.read(e.number(), 0, data, 0, data.length);
        if (n != data.length) {
            throw new IllegalStateException("object " + object + " has " + e.dataSize() + " bytes, but a read returned " + n);
        }
        return new Stored(data, e.header().attributes());
    }

    /** Takes each object's version from the test's {@code GO} line, and finishes a mutation a kill cut short. */
    private void resume(String go) throws TeeException, InterruptedException {
        String[] words = go == null ? new String[0] : go.split(" ");
        if (words.length != CrashModel.OBJECTS + 1 || !words[0].equals("GO")) {
            throw new IllegalArgumentException("expected GO and " + CrashModel.OBJECTS + " versions, got " + go);
        }
        for (int i = 0; i < CrashModel.OBJECTS; i++) {
            String[] vk = words[i + 1].split(":");
            versions[i] = Long.parseLong(vk[0]);
            if (vk.length == 2) {
                versions[i]--;
                mutate(i, Integer.parseInt(vk[1]));
            }
        }
    }

    /**
     * Mutates objects for ever, in {@link #THREADS} threads that each own every {@code THREADS}-th
     * object: their commits meet in the store's group commit, and a call the supplicant's death
     * failed may be followed by another thread's, of another size. A failure ends the process.
     */
    private void writeForEver() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            threads.add(Thread.ofPlatform().name("crash-writer-" + t).start(() -> writeForEver(first)));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void writeForEver(int first) {
        SplittableRandom pick = new SplittableRandom();
        try {
            while (true) {
                mutate(first + THREADS * pick.nextInt(CrashModel.OBJECTS / THREADS), 0);
            }
        } catch (TeeException e) {
            say("ERROR " + TeeResult.name(e.result()) + " " + e.getMessage());
        } catch (RuntimeException | InterruptedException e) {
            say("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        Runtime.getRuntime().halt(2);
    }

    /** Makes the next version of {@code object}, from its call {@code from} on, and acknowledges it. */
    private void mutate(int object, int from) throws TeeException, InterruptedException {
        long version = versions[object] + 1;
        List<Step> steps = CrashModel.steps(seed, object, version);
        say("BEGIN " + object + " " + version);
        for (Step step : steps.subList(from, steps.size())) {
            retrying(() -> {
                step.run(store, object);
                return null;
            });
        }
        versions[object] = version;
        say("ACK " + object + " " + version);
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws TeeException;
    }

    /** Runs {@code call}, again and again while storage is not available (the supplicant is restarting). */
    private static <T> T retrying(StoreCall<T> call) throws TeeException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        while (true) {
            try {
                return call.call();
            } catch (TeeException e) {
                if (e.result() != TeeResult.STORAGE_NOT_AVAILABLE || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
