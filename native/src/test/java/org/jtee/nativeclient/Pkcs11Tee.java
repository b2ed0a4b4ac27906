package org.jtee.nativeclient;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;

/**
 * A core in this JVM with the PKCS#11 TA built in (jtee-tas is on the test class path) and the
 * supplicant process it starts itself, so that token objects go to trusted storage as under
 * {@code jtee up}; and the consumers' side: jtee's module {@code libjtee-pkcs11.so} of the
 * release build, and programs run against it with {@code JTEE_SOCKET} naming this core. The
 * static parts (the core's configuration, {@link #run(Path, Path, Map, List, long)}, the
 * sanitizers' settings) serve the other native tests too.
 */
final class Pkcs11Tee implements AutoCloseable {
    /** The module as native/build.sh builds it (the working directory of the tests is native/). */
    static final Path MODULE = Path.of("target/release/pkcs11/libjtee-pkcs11.so").toAbsolutePath();
    static final long TIMEOUT_SECONDS = 300;
    /** For programs of the sanitize build: report leaks, and end with status 23 on an error. */
    static final Map<String, String> SANITIZERS = Map.of(
            "ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=23",
            "UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1");

    private final Core core;
    private final Path socket;

    private Pkcs11Tee(Core core, Path socket) {
        this.core = core;
        this.socket = socket;
    }

    /** Starts a core under {@code home}; fails the test, naming the file, if the module is not built. */
    static Pkcs11Tee start(Path home) throws IOException {
        assertTrue(Files.isRegularFile(MODULE), MODULE + " was not built (native/build.sh)");
        Path socket = home.resolve("client.sock");
        return new Pkcs11Tee(Core.start(coreConfig(home.resolve("tee"), socket), Pkcs11Tee.class.getClassLoader()),
                socket);
    }

    /**
     * A core's configuration for the native tests: state under {@code state}, clients on
     * {@code socket}, no hardening, only the built-in TAs and no warm TA hosts.
     */
    static CoreConfig coreConfig(Path state, Path socket) {
        return CoreConfig.under(state).withClientSocket(socket).withHardening(false)
                .withTaLoading(new TaLoading(List.of(), null, null, 0, 2_000, false));
    }

    Path socket() {
        return socket;
    }

    /** What a program printed and how it ended. */
    record Run(List<String> command, int exit, String out, String err) {
        /** Everything, for a failure's message: the command line, the exit status and both streams. */
        String transcript() {
            return String.join(" ", command) + "\nexit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code command} with {@code JTEE_SOCKET} naming this core and {@code env} added, in
     * {@code dir}; fails the test if it does not end within {@link #TIMEOUT_SECONDS}.
     */
    Run run(Path dir, Map<String, String> env, List<String> command) throws Exception {
        return run(dir, socket, env, command, TIMEOUT_SECONDS);
    }

    /**
     * Runs {@code command} with {@code JTEE_SOCKET} naming {@code socket} and {@code env} added,
     * in {@code dir}, its input closed; fails the test if it does not end within
     * {@code timeoutSeconds}.
     */
    static Run run(Path dir, Path socket, Map<String, String> env, List<String> command, long timeoutSeconds)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JTEE_SOCKET", socket.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // both streams are read on threads of their own, so that a hung program is killed on time
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; output:\n" + out.get()
                    + err.get());
        }
        return new Run(List.copyOf(command), p.exitValue(), out.get(), err.get());
    }

    /** {@code program}'s absolute path, or a failure naming the Debian package that has it. */
    static String program(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        fail(program + " is not installed: install Debian's " + debianPackage + " (bin/jtee test installs it when run as"
                + " root: apt-get install " + debianPackage + ")");
        return null;
    }

    static List<String> command(String... parts) {
        return new ArrayList<>(List.of(parts));
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        core.close();
    }
}
