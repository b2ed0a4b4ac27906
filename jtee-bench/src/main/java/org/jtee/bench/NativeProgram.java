package org.jtee.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one of the native build's bench programs ({@code teec_bench}, {@code p11_bench}) to its
 * end: both of its streams are read on threads of their own, so that a hung program is killed
 * on time.
 */
final class NativeProgram {
    private NativeProgram() {}

    /** How a program ended: its exit status and the lines of its standard output and error. */
    record Result(int exit, List<String> out, List<String> err) {
        /** The last line of standard error, or {@code (no message)}. */
        String lastError() {
            return err.isEmpty() ? "(no message)" : err.getLast();
        }
    }

    /**
     * Runs {@code command} with {@code env} added to this process's environment; each line of
     * its standard error also goes to {@code errLine} as it comes.
     *
     * @param what names the run in the message of a timeout
     * @throws IOException if it cannot start, or does not end within {@code timeoutSeconds} (it is
     *     killed then)
     */
    static Result run(String what, List<String> command, Map<String, String> env, Consumer<String> errLine,
            long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> errors = new ArrayList<>();
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (errors) {
                        errors.add(line);
                    }
                    errLine.accept(line);
                }
            } catch (IOException e) {
                // the process is gone; its status says what happened
            }
        });
        CompletableFuture<List<String>> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                return List.of();
            }
        });
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish in " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        err.join();
        synchronized (errors) {
            return new Result(p.exitValue(), out.join(), List.copyOf(errors));
        }
    }
}
