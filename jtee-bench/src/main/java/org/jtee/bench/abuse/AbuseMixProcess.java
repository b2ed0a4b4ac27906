package org.jtee.bench.abuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The abuse mix in a process of its own, in a session of its own, as attackers are: the victim
 * measured beside it shares no heap, no garbage collector and no threads with them, only the core
 * and the machine.
 *
 * <p>The child is this class's {@link #main}: it starts the mix against the socket given, prints
 * {@value #ENGAGED} once every part is at full strength (or the bound ran out), runs until its
 * standard input closes, then stops the mix and prints one line per part and exits.
 */
public final class AbuseMixProcess implements AutoCloseable {
    static final String ENGAGED = "abuse-mix engaged";
    /**
     * The mix starts in a session of its own, as an attacker with a local account logs in with
     * one: Linux shares the CPU between sessions first ({@code sched_autogroup}), so the mix gets
     * what another user's session would get, no more.
     */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Process process;
    private final BufferedReader out;

    private AbuseMixProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the mix in a child JVM (this JVM's java and class path) and waits until it is at full
     * strength, at most {@code engageMillis}.
     */
    public static AbuseMixProcess start(Path socket, AbuseMix.Options options, long engageMillis) throws IOException {
        return start(socket, EnumSet.allOf(Misbehaviour.class), options, engageMillis);
    }

    /** As {@link #start(Path, AbuseMix.Options, long)}, with only the parts {@code which}. */
    public static AbuseMixProcess start(Path socket, Set<Misbehaviour> which, AbuseMix.Options options, long engageMillis)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                AbuseMixProcess.class.getName(), socket.toString(), options.shmDirectory().toString(),
                Integer.toString(options.frameFloodConnections()), Integer.toString(options.sessionFloodBound()),
                Long.toString(engageMillis), String.join(",", which.stream().map(Enum::name).toList())));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AbuseMixProcess mix = new AbuseMixProcess(p);
        String line;
        while ((line = mix.out.readLine()) != null && !line.equals(ENGAGED)) {
            // the child says nothing else before it is engaged
        }
        if (line == null) {
            mix.close();
            throw new IOException("the abuse mix process ended before it was at full strength");
        }
        return mix;
    }

    /** Stops the mix and returns what each part did, one line each. */
    public List<String> stop() throws IOException {
        OutputStream in = process.getOutputStream();
        in.close();
        List<String> reports = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            reports.add(line);
        }
        return reports;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child: {@code SOCKET SHM_DIR FRAME_FLOOD_CONNECTIONS SESSION_FLOOD_BOUND ENGAGE_MILLIS PART,...}. */
    public static void main(String[] args) throws Exception {
        AbuseMix.Options options = new AbuseMix.Options(Path.of(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        Set<Misbehaviour> which = EnumSet.noneOf(Misbehaviour.class);
        for (String part : args[5].split(",")) {
            which.add(Misbehaviour.valueOf(part));
        }
        try (AbuseMix mix = AbuseMix.start(Path.of(args[0]), which, options)) {
            mix.awaitEngaged(Long.parseLong(args[4]));
            System.out.println(ENGAGED);
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the parent closes our standard input (or dies)
            }
            mix.close();
            for (AbuseMix.Report r : mix.reports()) {
                System.out.println(r.part() + " (" + r.rounds() + " rounds): " + r.note());
            }
        }
        System.exit(0);
    }
}
