package org.jtee.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's command-line debugger, driven as a developer would: commands on its standard input,
 * its answers read from its output (prompts end no line, so it is read by the character). Every
 * wait has a generous deadline and no duration is asserted.
 */
final class Jdb implements AutoCloseable {
    static final long WAIT_SECONDS = 120;

    private final Process process;
    private final Writer in;
    private final StringBuilder out = new StringBuilder();
    private final Thread pump;
    /** Where the next {@link #await} starts looking; guarded by {@link #out}. */
    private int seen;

    private Jdb(Process process) {
        this.process = process;
        this.in = process.outputWriter(StandardCharsets.UTF_8);
        this.pump = Thread.ofPlatform().daemon().name("jdb-output-" + process.pid()).start(this::pump);
    }

    /**
     * {@code jdb -attach 127.0.0.1:PORT}, tried again while nothing listens on the port yet (a host
     * that waits for its debugger is logged as soon as it is started, before its JVM listens).
     */
    static Jdb attach(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jdb").toString(),
                    "-attach", "127.0.0.1:" + port).redirectErrorStream(true).start();
            Jdb jdb = new Jdb(p);
            if (jdb.attached()) {
                return jdb;
            }
            jdb.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("jdb could not attach to port " + port + ":\n" + jdb.output());
            }
            Thread.sleep(250);
        }
    }

    /**
     * Whether jdb got through to the debuggee: it prints its first prompt, or (a suspended
     * debuggee's start event can come first, and then the prompt is {@code main[1]}) "VM Started";
     * one that cannot attach exits.
     */
    private boolean attached() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            String o = output();
            boolean through = o.contains(">") || o.contains("VM Started");
            if (o.contains("Unable to attach") || !process.isAlive() && !through) {
                return false;
            }
            if (through) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Types {@code command} and Enter. */
    void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /** Waits until {@code text} appears after what earlier waits matched; returns the output up to it. */
    String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            boolean ended = !process.isAlive();
            if (ended) {
                pump.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)); // all it printed
            }
            String found = take(text);
            if (found != null) {
                return found;
            }
            if (ended || System.nanoTime() > deadline) {
                throw new AssertionError("jdb did not print '" + text + "'; it printed:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    private String take(String text) {
        synchronized (out) {
            int at = out.indexOf(text, seen);
            if (at < 0) {
                return null;
            }
            String before = out.substring(seen, at + text.length());
            seen = at + text.length();
            return before;
        }
    }

    /** Waits for jdb to end by itself (it does when the debuggee exits). */
    boolean awaitExit() throws InterruptedException {
        return process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    String output() {
        synchronized (out) {
            return out.toString();
        }
    }

    private void pump() {
        try (Reader r = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            for (int n; (n = r.read(buffer)) > 0;) {
                synchronized (out) {
                    out.append(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            synchronized (out) {
                out.append("\n[test: lost jdb's output: ").append(e).append("]\n");
            }
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
