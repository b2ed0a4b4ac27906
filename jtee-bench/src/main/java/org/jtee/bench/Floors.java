package org.jtee.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The physical floors the benchmarks are measured against, in the same run: what the hardware,
 * the kernel and the JVM cost with no jtee code at all. Each takes the same shape of work as the
 * benchmark it stands beside.
 *
 * <ul>
 * <li>{@link #roundTripNanos}: a bare round trip between this JVM and a second one
 *     ({@link FloorPeer}) over a Unix stream socket, with request and reply of the sizes the
 *     benchmark's frames have: the least one call from a client process to a core process can
 *     cost.</li>
 * <li>{@link #readMibPerSecond}: reading a mapped segment in this process, as the TA reads it.</li>
 * <li>{@link #jvmStartMillis}: starting a bare JVM until its first line of output.</li>
 * </ul>
 */
public final class Floors {
    private static final long PEER_TIMEOUT_SECONDS = 30;

    private Floors() {}

    /**
     * {@code calls} timed round trips (after {@code warmup} untimed ones) of {@code requestBytes}
     * there and {@code replyBytes} back, to a {@link FloorPeer} started for the purpose.
     *
     * @return the duration of each timed round trip, in nanoseconds
     */
    public static long[] roundTripNanos(int requestBytes, int replyBytes, int warmup, int calls) throws IOException {
        Path dir = Files.createTempDirectory("jtee-floor-");
        Path socket = dir.resolve("echo.sock");
        Process peer = startPeer("echo", socket.toString(), Integer.toString(requestBytes), Integer.toString(replyBytes));
        try (BufferedReader out = lines(peer)) {
            awaitLine(out, FloorPeer.READY, peer);
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer request = ByteBuffer.allocateDirect(requestBytes);
                ByteBuffer reply = ByteBuffer.allocateDirect(replyBytes);
                for (int i = 0; i < warmup; i++) {
                    roundTrip(c, request, reply);
                }
                long[] nanos = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    roundTrip(c, request, reply);
                    nanos[i] = System.nanoTime() - t0;
                }
                return nanos;
            }
        } finally {
            stop(peer);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static void roundTrip(SocketChannel c, ByteBuffer request, ByteBuffer reply) throws IOException {
        FloorPeer.writeFully(c, request.clear());
        if (!FloorPeer.readFully(c, reply.clear())) {
            throw new IOException("the floor peer closed the connection");
        }
    }

    /**
     * Reads all of {@code m} {@code calls} times (after {@code warmup} untimed reads) with the
     * benchmark TAs' READ loop ({@link Checksum#of}).
     *
     * @return MiB read per second over the timed reads
     */
    public static double readMibPerSecond(MemorySegment m, int warmup, int calls) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink ^= Checksum.of(m);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink ^= Checksum.of(m);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        blackhole = sink;
        return (double) calls * m.byteSize() / (1 << 20) / seconds;
    }

    /** Keeps the JIT from dropping the reads of {@link #readMibPerSecond}. */
    @SuppressWarnings("unused")
    private static volatile long blackhole;

    /**
     * Starts a bare JVM {@code runs} times (one after another), each time until its first line
     * of output ({@code FloorPeer hello}).
     *
     * @return the duration of each start, in nanoseconds
     */
    public static long[] jvmStartNanos(int runs) throws IOException {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Process p = startPeer("hello");
            try (BufferedReader out = lines(p)) {
                awaitLine(out, FloorPeer.HELLO, p);
                nanos[i] = System.nanoTime() - t0;
            } finally {
                stop(p);
            }
        }
        return nanos;
    }

    private static Process startPeer(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-cp", ownClassPathEntry(), FloorPeer.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The jar (or class directory) of this module alone: the peer needs no other. */
    private static String ownClassPathEntry() {
        try {
            return Path.of(FloorPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void awaitLine(BufferedReader out, String expected, Process p) throws IOException {
        String line = out.readLine();
        if (!expected.equals(line)) {
            throw new IOException("the floor peer (process " + p.pid() + ") said " + (line == null ? "nothing" : "'" + line + "'")
                    + ", expected '" + expected + "'");
        }
    }

    private static void stop(Process p) {
        try {
            if (!p.waitFor(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
