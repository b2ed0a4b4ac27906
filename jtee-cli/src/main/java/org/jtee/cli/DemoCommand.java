package org.jtee.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jtee.client.TeeContext;
import org.jtee.common.DefaultLocations;
import org.jtee.common.TeeException;
import org.jtee.core.CoreConfig;
import org.jtee.examples.acipher.AcipherClient;
import org.jtee.examples.aes.AesClient;
import org.jtee.examples.ecdh.EcdhClient;
import org.jtee.examples.ecdsa.EcdsaClient;
import org.jtee.examples.helloworld.HelloWorldClient;
import org.jtee.examples.hotp.HotpClient;
import org.jtee.examples.random.RandomClient;
import org.jtee.examples.securestorage.SecureStorageClient;
import org.jtee.examples.sha.ShaClient;
import org.jtee.examples.signverify.SignVerifyClient;
import org.jtee.tapkg.DevKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee demo}: a TEE of its own, the example clients against it, then everything stopped.
 * The socket is in a throw-away directory; what must outlive the run for secure_storage's
 * object#2 to be found by the next one — the core's state (its hardware unique key and the
 * storage's rollback counter) and the trusted storage — is kept in the demo's home,
 * {@code <jtee home>/demo} unless {@code --home} says otherwise.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a core and a supplicant, run OP-TEE's examples (hello_world, random, aes, hotp, acipher, "
                + "sha, sign_verify, ecdsa, ecdh, secure_storage; hello_world and random in C too), stop. The core's "
                + "state and the trusted storage stay in the demo's home, so secure_storage finds what the last run stored.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--verbose", description = "Show the core's and the supplicant's log lines.")
    boolean verbose;

    @Option(names = "--home", description = "Where the demo keeps the core's state and the trusted storage between runs "
            + "(default: the demo directory in $JTEE_HOME, else in $XDG_STATE_HOME/jtee).")
    Path home;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Path tas = BundledTas.directory();
        if (tas == null) {
            System.err.println("jtee demo: the signed example TAs were not built (jtee-cli/target/ta); "
                    + "run with JTEE_REBUILD=1 to build them");
            return 1;
        }
        try (DevKeys keys = DevKeys.loadOrCreate(DevKeys.defaultDirectory(), out)) {
            out.println("jtee demo: the core trusts the development TA signing key " + keys.fingerprint()
                    + " in " + DevKeys.defaultDirectory());
        }
        Path demoHome = (home != null ? home : DefaultLocations.home().resolve("demo")).toAbsolutePath();
        Path scratch = Files.createTempDirectory("jtee-demo-");
        try {
            CoreConfig config = config(scratch, demoHome);
            Path storage = config.supplicant().storageDirectoryBeside(config.stateDirectory());
            out.println("jtee demo: starting a core and a supplicant; their state and trusted storage are kept in "
                    + demoHome + ", the client socket in " + scratch);
            out.println("jtee demo: the example TAs are signed dynamic TAs in " + tas
                    + ", each session's instance run in a TA host JVM of its own");
            long t0 = System.nanoTime();
            try (TeeProcesses tee = TeeProcesses.start(config, List.of(tas), verbose ? System.err : LogSink.discard())) {
                out.printf("jtee demo: TEE ready in %d ms%n%n", (System.nanoTime() - t0) / 1_000_000);
                int status = runExamples(config.clientSocket(), storage, out);
                return status != 0 ? status : runCExamples(config.clientSocket(), out);
            } finally {
                out.println("jtee demo: stopped the core and the supplicant");
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /**
     * The demo's TEE: the client socket in {@code scratch}, deleted after the run; the core's
     * state and the trusted storage in {@code demoHome}, kept.
     */
    static CoreConfig config(Path scratch, Path demoHome) {
        CoreConfig config = CoreConfig.under(scratch).withStateDirectory(demoHome.resolve("core"));
        return config.withSupplicant(config.supplicant().withStorageDirectory(demoHome.resolve("ree")));
    }

    /** A Java example client as the demo runs it: the OP-TEE command line it stands for, and the run. */
    private record Example(String commandLine, ClientRun run) {}

    @FunctionalInterface
    private interface ClientRun {
        /** Runs the client; returns its exit status. */
        int run(TeeContext ctx, PrintStream out) throws TeeException;
    }

    /**
     * OP-TEE's example hosts, in the order the demo runs them, with the arguments it gives them;
     * {@code storage} is where the trusted storage is kept, for secure_storage's note.
     */
    private static List<Example> examples(Path storage) {
        return List.of(
                new Example("optee_example_hello_world", (ctx, out) -> {
                    HelloWorldClient.run(ctx, out);
                    return 0;
                }),
                new Example("optee_example_random", (ctx, out) -> {
                    RandomClient.run(ctx, out);
                    return 0;
                }),
                new Example("optee_example_aes", (ctx, out) -> AesClient.run(ctx, out)),
                new Example("optee_example_hotp", (ctx, out) -> {
                    HotpClient.run(ctx, out, System.err);
                    return 0;
                }),
                new Example("optee_example_acipher 2048 'Hello from jtee'",
                        (ctx, out) -> AcipherClient.run(ctx, out, System.err, "2048", "Hello from jtee")),
                new Example("optee_example_sha hello", (ctx, out) -> ShaClient.run(ctx, out, System.err, "hello")),
                new Example("optee_example_sign_verify", (ctx, out) -> SignVerifyClient.run(ctx, out, System.err)),
                new Example("optee_example_ecdsa", (ctx, out) -> EcdsaClient.run(ctx, out, System.err)),
                new Example("optee_example_ecdh", (ctx, out) -> {
                    EcdhClient.run(ctx, out);
                    return 0;
                }),
                new Example("optee_example_secure_storage", (ctx, out) -> secureStorage(ctx, out, storage)));
    }

    /** secure_storage, and a note on object#2: found from an earlier run, or left for the next. */
    private static int secureStorage(TeeContext ctx, PrintStream out, Path storage) {
        SecureStorageClient.Outcome outcome = SecureStorageClient.run(ctx, out, System.err);
        if (outcome.status() == 0) {
            out.println(outcome.foundObject2()
                    ? "jtee demo: object#2 was stored by an earlier jtee demo and found in the trusted storage in "
                            + storage + "; this run deleted it, the next creates it again"
                    : "jtee demo: object#2 is now in the trusted storage in " + storage
                            + "; the next jtee demo finds it (and deletes it)");
        }
        return outcome.status();
    }

    private static int runExamples(Path socket, Path storage, PrintStream out) {
        try (TeeContext ctx = TeeContext.open(socket)) {
            for (Example example : examples(storage)) {
                out.println("$ " + example.commandLine());
                int status = example.run().run(ctx, out);
                if (status != 0) {
                    System.err.println("jtee demo: " + example.commandLine() + " exited with " + status);
                    return 1;
                }
                out.println();
            }
            return 0;
        } catch (TeeException e) {
            System.err.println("jtee demo: " + e.getMessage());
            if (e.result() == org.jtee.common.TeeResult.SECURITY) {
                System.err.println("jtee demo: the example TAs were signed by another key than "
                        + DevKeys.defaultDirectory() + " holds; rebuild them with JTEE_REBUILD=1");
            }
            return 1;
        }
    }

    /** How long one C example may run: each makes one call, so anything near this is a hang. */
    private static final long C_EXAMPLE_TIMEOUT_SECONDS = 60;

    /** The C ports of the same clients, through libteec.so.2, against the same TAs. */
    private static int runCExamples(Path socket, PrintStream out) {
        for (String name : List.of("optee_example_hello_world", "optee_example_random")) {
            Path program = NativeBuild.program("examples/" + name);
            if (program == null) {
                System.err.println("jtee demo: the C example " + name + " was not built (native/build.sh; "
                        + "bin/jtee builds it with the rest)");
                return 1;
            }
            out.println("$ " + name + "    # C, through libteec.so.2");
            try {
                ProcessBuilder pb = new ProcessBuilder(program.toString()).redirectErrorStream(true);
                pb.environment().put("JTEE_SOCKET", socket.toString());
                Process p = pb.start();
                CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                    try {
                        return p.getInputStream().readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                });
                if (!p.waitFor(C_EXAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    System.err.println("jtee demo: " + name + " did not finish in " + C_EXAMPLE_TIMEOUT_SECONDS + " s");
                    return 1;
                }
                out.print(new String(output.join(), StandardCharsets.UTF_8));
                if (p.exitValue() != 0) {
                    System.err.println("jtee demo: " + name + " exited with " + p.exitValue());
                    return 1;
                }
            } catch (IOException e) {
                System.err.println("jtee demo: cannot run " + program + ": " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            out.println();
        }
        return 0;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
