package org.jtee.core.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import org.jtee.os.ChildProcess;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Codec;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;

/**
 * Real processes that play a TA host's part on the link as far as a test needs: {@link #booting}
 * says HELLO and then neither reads nor writes; {@link #recording} writes every byte the core
 * sends it to a file; {@link #deaf} never reads. Their link is descriptor 3, as a host's. They start in milliseconds, where a host JVM
 * takes a second.
 */
final class FakeHosts implements AutoCloseable {
    private final Path dir;
    private final ScheduledExecutorService timers;
    private final long hardLimitMillis;
    final List<ChildProcess> started = new CopyOnWriteArrayList<>();

    FakeHosts(Path dir, ScheduledExecutorService timers, long hardLimitMillis) throws IOException {
        this.dir = dir;
        this.timers = timers;
        this.hardLimitMillis = hardLimitMillis;
        ByteBuffer hello = Codec.encode(1, new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_TA_HOST));
        byte[] bytes = new byte[hello.remaining()];
        hello.get(bytes);
        Files.write(dir.resolve("hello"), bytes);
    }

    /** A host that boots: it says HELLO, then waits. */
    TaHost booting(long heapBytes) throws IOException {
        return start("cat \"$0\" >&3; exec sleep 600", dir.resolve("hello").toString());
    }

    /** A host that writes what it reads to {@code file}. */
    TaHost recording(Path file) throws IOException {
        return start("exec cat <&3 > \"$0\"", file.toString());
    }

    /** A host that never reads its pipe. */
    TaHost deaf() throws IOException {
        return start("exec sleep 600", "");
    }

    /** As {@link #recording}, taken by the core for a debuggable host (it listens on no port). */
    TaHost recordingDebuggable(Path file) throws IOException {
        return start("exec cat <&3 > \"$0\"", file.toString(), new TaHost.Debugging(5005, false));
    }

    /** As {@link #deaf}, taken by the core for a debuggable host (it listens on no port). */
    TaHost deafDebuggable() throws IOException {
        return start("exec sleep 600", "", new TaHost.Debugging(5005, false));
    }

    private TaHost start(String script, String arg) throws IOException {
        return start(script, arg, null);
    }

    private TaHost start(String script, String arg, TaHost.Debugging debugging) throws IOException {
        UnixConnection[] link = UnixConnection.pair();
        ChildProcess p = ChildProcess.spawn(List.of("/bin/sh", "-c", script, arg), System.getenv(), link[1]);
        link[1].handedOver();
        started.add(p);
        return new TaHost(p, link[0], timers, hardLimitMillis, debugging);
    }

    @Override
    public void close() {
        for (ChildProcess p : started) {
            p.kill();
        }
    }
}
