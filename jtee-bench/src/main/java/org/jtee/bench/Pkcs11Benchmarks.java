package org.jtee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code jtee bench pkcs11}: jtee's PKCS#11 module ({@code libjtee-pkcs11.so}, the PKCS#11 TA in
 * the bench's core) and SoftHSM2 through the same consumer in the same run: {@code p11_bench}
 * (native/bench/p11_bench.c), a C program that dlopens either module and makes the same calls.
 *
 * <p>Each backend gets a token initialised by the driver (C_InitToken, C_InitPIN) and three
 * token keys (RSA-2048, EC P-256, AES-128). The operations ({@link #OPS}) are measured with the
 * token holding only those, then again after {@value #FILL} more token objects (data objects and
 * AES keys by turns, each with a label and the keys an id of their own). Per phase: one warm-up
 * run per backend (discarded: the core compiles the TA's paths), then {@value #ROUNDS} rounds,
 * each running every operation on both backends, in alternating order; each operation's figure
 * is its best round. An operation runs {@value #WARMUP_SECONDS} s untimed, then
 * {@value #SECONDS} s timed, in a process of its own per backend and round (logged in once).
 *
 * <p>Reported per operation ({@code pkcs11-<op>}): {@code jtee} and {@code softhsm} (ops/s; MiB/s
 * for the 1 MiB ones), {@code ratio} = jtee / softhsm; the same with {@value #FILL} objects
 * ({@code jtee-5k}, {@code softhsm-5k}, {@code ratio-5k}); {@code jtee-5k/0} and
 * {@code softhsm-5k/0}, each backend's rate with the objects over its rate without. The first
 * operation, {@value #CALL} ({@code C_GetSessionInfo}), does no work: its time per call
 * ({@code jtee-us}, {@code softhsm-us}) is what every call of the others costs besides its work —
 * a round trip to the core for jtee, a function call for SoftHSM2, which runs in the caller.
 */
public final class Pkcs11Benchmarks {
    /** The operations, as p11_bench names them; the 1 MiB ones are reported in MiB/s. */
    public static final List<String> OPS = List.of("session-info", "rsa-sha256", "rsa-pkcs", "ecdsa", "aes-ctr", "sha256",
            "find-label", "find-id");
    /** The call without work: what one call to the token costs, the floor of the others. */
    static final String CALL = "session-info";
    static final List<String> BULK = List.of("aes-ctr", "sha256");
    static final int FILL = 5000;
    static final int ROUNDS = 3;
    static final double SECONDS = 0.5;
    static final double WARMUP_SECONDS = 0.2;
    /** The discarded first run of each phase: long enough for the core to compile the TA's paths. */
    static final double FIRST_WARMUP_SECONDS = 1.0;
    static final String TOKEN = "bench";
    /** SoftHSM2 as Debian's softhsm2 installs it. */
    public static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final long TIMEOUT_SECONDS = 600;
    // the bench's tokens are thrown away with the run: fixed PINs
    /** The PINs p11_bench gives the tokens it initialises and logs in to, as its environment. */
    public static final Map<String, String> PINS = Map.of("P11_BENCH_SO_PIN", "bench-so-pin", "P11_BENCH_PIN",
            "bench-user-pin");

    private Pkcs11Benchmarks() {}

    /** A module and the environment its process needs. */
    record Backend(String name, Path module, Map<String, String> env) {}

    /**
     * Runs the bench.
     *
     * @param driver p11_bench, which the caller has found built
     * @param jteeModule libjtee-pkcs11.so
     * @param socket the client socket of the core it measures (a core of the bench's own: the
     *     driver initialises a token of it and fills it)
     * @param work an empty directory for SoftHSM2's configuration and tokens
     * @param progress names each phase
     * @param note lines the driver prints on standard error (the fill's progress)
     * @throws IOException if SoftHSM2 is missing, or the driver fails (its message names the
     *     PKCS#11 call and code)
     */
    public static List<Measurement> run(Path driver, Path jteeModule, Path socket, Path work, Consumer<String> progress,
            Consumer<String> note) throws IOException {
        if (!Files.isRegularFile(SOFTHSM)) {
            throw new IOException("SoftHSM2 is not installed: no " + SOFTHSM
                    + " (Debian package softhsm2; bin/jtee bench pkcs11 installs it when run as root)");
        }
        if (!Files.isRegularFile(jteeModule)) {
            throw new IOException("jtee's PKCS#11 module is not built: no " + jteeModule + " (native/build.sh)");
        }
        List<Backend> backends = List.of(
                new Backend("jtee", jteeModule, Map.of("JTEE_SOCKET", socket.toString())),
                new Backend("softhsm", SOFTHSM, softhsmEnv(work)));
        for (Backend b : backends) {
            progress.accept("pkcs11: " + b.name + ": token and keys");
            drive(driver, b, note, "init", TOKEN);
            drive(driver, b, note, "keys", TOKEN);
        }
        Map<String, Map<String, Double>> empty = phase(driver, backends, progress, note, "0 objects");
        for (Backend b : backends) {
            progress.accept("pkcs11: " + b.name + ": " + FILL + " token objects");
            drive(driver, b, note, "fill", TOKEN, Integer.toString(FILL));
        }
        Map<String, Map<String, Double>> full = phase(driver, backends, progress, note, FILL + " objects");
        return report(empty, full);
    }

    /**
     * SoftHSM2's configuration for a run: its tokens in {@code work/softhsm-tokens}, kept in
     * files, only errors logged; returns the environment that points SoftHSM2 at it.
     */
    public static Map<String, String> softhsmEnv(Path work) throws IOException {
        Path tokens = Files.createDirectories(work.resolve("softhsm-tokens"));
        Path conf = work.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        return Map.of("SOFTHSM2_CONF", conf.toString());
    }

    /** The best rate of each operation per backend: backend name → op → rate. */
    private static Map<String, Map<String, Double>> phase(Path driver, List<Backend> backends, Consumer<String> progress,
            Consumer<String> note, String what) throws IOException {
        for (Backend b : backends) {
            progress.accept("pkcs11: " + b.name + ": warm-up, " + what);
            runOps(driver, b, note, FIRST_WARMUP_SECONDS);
        }
        Map<String, Map<String, Double>> best = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            progress.accept("pkcs11: round " + (round + 1) + " of " + ROUNDS + ", " + what);
            List<Backend> order = round % 2 == 0 ? backends : backends.reversed();
            for (Backend b : order) {
                Map<String, Double> rates = runOps(driver, b, note, WARMUP_SECONDS);
                Map<String, Double> mine = best.computeIfAbsent(b.name, k -> new HashMap<>());
                rates.forEach((op, rate) -> mine.merge(op, rate, Math::max));
            }
        }
        return best;
    }

    /** One run of every operation: op → rate (ops/s, or MiB/s for the bulk ones). */
    private static Map<String, Double> runOps(Path driver, Backend b, Consumer<String> note, double warmup)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("run", TOKEN, Double.toString(SECONDS), Double.toString(warmup)));
        args.addAll(OPS);
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String line : drive(driver, b, note, args.toArray(String[]::new))) {
            String[] f = line.trim().split(" ");
            if (f.length != 3 || !OPS.contains(f[0])) {
                throw new IOException("p11_bench printed '" + line + "'");
            }
            rates.put(f[0], Long.parseLong(f[1]) / Double.parseDouble(f[2]));
        }
        if (!rates.keySet().containsAll(OPS)) {
            throw new IOException("p11_bench measured only " + rates.keySet() + " on " + b.name);
        }
        return rates;
    }

    private static List<Measurement> report(Map<String, Map<String, Double>> empty, Map<String, Map<String, Double>> full) {
        List<Measurement> m = new ArrayList<>();
        for (String op : OPS) {
            String bench = "pkcs11-" + op;
            String unit = BULK.contains(op) ? "MiB/s" : "ops/s";
            double j0 = empty.get("jtee").get(op);
            double s0 = empty.get("softhsm").get(op);
            double j5 = full.get("jtee").get(op);
            double s5 = full.get("softhsm").get(op);
            m.add(new Measurement(bench, "jtee", unit, j0));
            m.add(new Measurement(bench, "softhsm", unit, s0));
            m.add(new Measurement(bench, "ratio", "x", j0 / s0));
            m.add(new Measurement(bench, "jtee-5k", unit, j5));
            m.add(new Measurement(bench, "softhsm-5k", unit, s5));
            m.add(new Measurement(bench, "ratio-5k", "x", j5 / s5));
            m.add(new Measurement(bench, "jtee-5k/0", "x", j5 / j0));
            m.add(new Measurement(bench, "softhsm-5k/0", "x", s5 / s0));
            if (op.equals(CALL)) {
                m.add(new Measurement(bench, "jtee-us", "us", 1e6 / j0));
                m.add(new Measurement(bench, "softhsm-us", "us", 1e6 / s0));
            }
        }
        return m;
    }

    /**
     * Runs p11_bench on {@code b}'s module with {@code args}; returns its standard output's lines.
     * Its standard error goes to {@code note} line by line as it comes (the fill's progress).
     */
    private static List<String> drive(Path driver, Backend b, Consumer<String> note, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(driver.toString(), b.module.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(b.env);
        env.putAll(PINS);
        String what = "p11_bench " + args[0] + " on " + b.name;
        NativeProgram.Result r = NativeProgram.run(what, command, env, line -> note.accept(b.name + ": " + line),
                TIMEOUT_SECONDS);
        if (r.exit() != 0) {
            throw new IOException(what + " failed (exit " + r.exit() + "): " + r.lastError());
        }
        return r.out();
    }
}
