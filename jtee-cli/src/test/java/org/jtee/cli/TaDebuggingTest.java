package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaDebug;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.jtee.examples.helloworld.HelloWorldTa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debugging a TA as {@code docs/debugging.md} shows: a real core ({@link TeeProcesses}, as
 * {@code jtee up} starts it) runs hello_world's hosts with {@code --ta-debug=UUID:PORT}, and the
 * JDK's jdb attaches to them, stops the TA at a breakpoint and lets it go on.
 */
class TaDebuggingTest {
    private static final UUID HELLO = HelloWorldContract.UUID;
    private static final String TA_CLASS = HelloWorldTa.class.getName();

    @TempDir
    Path home;

    @Test
    void debuggedTa_stopsAtABreakpoint_andItsNextInstanceIsDebuggableOnTheSamePort() throws Exception {
        int port = freePort();
        int addLine = sourceLine("v.setA(v.a() + delta);");
        CoreLog log = new CoreLog();
        String debuggable = "TA " + HELLO + " is debuggable on port " + port;
        CoreConfig config = debugging(HELLO + ":" + port, org.jtee.core.TaLoading.DEFAULT_CANCEL_HARD_LIMIT_MILLIS);
        try (TeeProcesses tee = TeeProcesses.start(config, List.of(BundledTas.directory()), log.stream());
                TeeContext ctx = TeeContext.open(config.clientSocket())) {
            try (TeeSession s = ctx.openSession(HELLO, LoginMethod.PUBLIC, null); Jdb jdb = attachAfter(log, debuggable, 1, port)) {
                jdb.send("stop at " + TA_CLASS + ":" + addLine);
                jdb.await("Set breakpoint " + TA_CLASS + ":" + addLine);
                jdb.send("stop in " + TA_CLASS + ".invokeCommand");
                jdb.await("is overloaded"); // the bridge method of TrustedApplication<Void>
                jdb.send("stop in " + TA_CLASS + ".invokeCommand(java.lang.Void,org.jtee.ta.CallContext,int,org.jtee.ta.Parameters)");
                jdb.await("Set breakpoint " + TA_CLASS + ".invokeCommand(");
                CompletableFuture<Integer> call = incrementAsync(s, 42);

                jdb.await("Breakpoint hit: \"thread=ta\", " + TA_CLASS + ".invokeCommand(), line=");
                jdb.send("print commandId");
                jdb.await("commandId = " + HelloWorldContract.CMD_INC_VALUE);
                jdb.send("cont");
                jdb.await("Breakpoint hit: \"thread=ta\", " + TA_CLASS + ".add(), line=" + addLine + " ");
                jdb.send("print delta");
                jdb.await("delta = 1");
                jdb.send("locals");
                jdb.await("v = instance of org.jtee.ta.Value");
                jdb.send("cont");
                assertEquals(43, call.get(Jdb.WAIT_SECONDS, TimeUnit.SECONDS), "the call completes after the breakpoint");
                s.close(); // the instance ends, and its host with it
                jdb.await("The application exited");
                assertTrue(jdb.awaitExit());
            }
            try (TeeSession s = ctx.openSession(HELLO, LoginMethod.PUBLIC, null); Jdb jdb = attachAfter(log, debuggable, 2, port)) {
                jdb.send("stop at " + TA_CLASS + ":" + addLine);
                jdb.await("Set breakpoint " + TA_CLASS + ":" + addLine);
                CompletableFuture<Integer> call = incrementAsync(s, 7);
                jdb.await("Breakpoint hit: \"thread=ta\", " + TA_CLASS + ".add(), line=" + addLine + " ");
                jdb.send("print delta");
                jdb.await("delta = 1");
                jdb.send("cont");
                assertEquals(8, call.get(Jdb.WAIT_SECONDS, TimeUnit.SECONDS), "the new instance, debugged on the same port");

                try (TeeSession other = ctx.openSession(HELLO, LoginMethod.PUBLIC, null)) {
                    log.await("TA " + HELLO + ": another instance of it holds debug port " + port, 1);
                    assertEquals(2, incrementAsync(other, 1).get(Jdb.WAIT_SECONDS, TimeUnit.SECONDS),
                            "a second instance at once runs without a debugger");
                }
                assertEquals(2, log.count(debuggable), "the second instance is not on the port:\n" + log.text());
            }
        }
    }

    @Test
    void suspendedHost_waitsForItsDebugger_andNoTimeLimitKillsItsTaAtABreakpoint() throws Exception {
        int port = freePort();
        int openLine = sourceLine("LOG.log(Level.INFO, \"Hello World!\");");
        int closeLine = sourceLine("LOG.log(Level.INFO, \"Goodbye!\");");
        CoreLog log = new CoreLog();
        // a hard limit far below how long the TA stands at the breakpoint in closeSession
        CoreConfig config = debugging(HELLO + ":" + port + ":suspend", 100);
        try (TeeProcesses tee = TeeProcesses.start(config, List.of(BundledTas.directory()), log.stream());
                TeeContext ctx = TeeContext.open(config.clientSocket())) {
            CompletableFuture<TeeSession> open = CompletableFuture.supplyAsync(() -> {
                try {
                    return ctx.openSession(HELLO, LoginMethod.PUBLIC, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Jdb jdb = attachAfter(log, "TA " + HELLO + " is waiting for a debugger on port " + port, 1, port)) {
                jdb.await("VM Started");
                assertFalse(open.isDone(), "the open waits for the debugger");
                jdb.send("stop at " + TA_CLASS + ":" + openLine);
                jdb.await("Deferring breakpoint " + TA_CLASS + ":" + openLine);
                jdb.send("stop at " + TA_CLASS + ":" + closeLine);
                jdb.await("Deferring breakpoint " + TA_CLASS + ":" + closeLine);
                jdb.send("run");
                jdb.await("Breakpoint hit: \"thread=ta\", " + TA_CLASS + ".openSession(), line=" + openLine + " ");
                jdb.send("cont");
                TeeSession s = open.get(Jdb.WAIT_SECONDS, TimeUnit.SECONDS);
                log.await("TA " + HELLO + " is debuggable on port " + port, 1);

                CompletableFuture<Void> close = CompletableFuture.runAsync(s::close);
                jdb.await("Breakpoint hit: \"thread=ta\", " + TA_CLASS + ".closeSession(), line=" + closeLine + " ");
                Thread.sleep(1_000); // ten hard limits
                jdb.send("where");
                jdb.await(TA_CLASS + ".closeSession (HelloWorldTa.java:" + closeLine + ")");
                jdb.send("cont");
                close.get(Jdb.WAIT_SECONDS, TimeUnit.SECONDS);
                jdb.await("The application exited");
            }
            assertFalse(log.text().contains("killing TA host"), log.text());
        }
    }

    private CoreConfig debugging(String spec, long cancelHardLimitMillis) {
        CoreConfig config = CoreConfig.under(home);
        return config.withTaLoading(config.taLoading().withDebug(TaDebug.parse(List.of(spec)))
                .withCancelHardLimit(cancelHardLimitMillis));
    }

    /** Attaches jdb once the core has logged {@code line} {@code times} times. */
    private static Jdb attachAfter(CoreLog log, String line, int times, int port) throws Exception {
        log.await(line, times);
        return Jdb.attach(port);
    }

    private static CompletableFuture<Integer> incrementAsync(TeeSession s, int value) {
        return CompletableFuture.supplyAsync(() -> {
            ValueParameter v = ValueParameter.inout(value, 0);
            try {
                s.invokeCommand(HelloWorldContract.CMD_INC_VALUE, Operation.of(v));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return v.a();
        });
    }

    /** The line of hello_world's TA source that holds {@code code}: where the docs' breakpoint goes. */
    private static int sourceLine(String code) throws Exception {
        Path source = Path.of(System.getProperty("basedir", "."), "..", "jtee-examples", "src", "main", "java",
                TA_CLASS.replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(code)) {
                return i + 1;
            }
        }
        throw new AssertionError(source + " has no line with " + code);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return s.getLocalPort();
        }
    }

    /** What the core and its hosts log, kept to be searched. */
    private static final class CoreLog {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        PrintStream stream() {
            return stream;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        int count(String line) {
            String t = text();
            int n = 0;
            for (int at = t.indexOf(line); at >= 0; at = t.indexOf(line, at + 1)) {
                n++;
            }
            return n;
        }

        void await(String line, int times) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Jdb.WAIT_SECONDS);
            while (count(line) < times) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the core did not log '" + line + "' " + times + " times:\n" + text());
                }
                Thread.sleep(50);
            }
        }
    }
}
