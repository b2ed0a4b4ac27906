package org.jtee.core.host;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.jtee.common.TeeResult;
import org.jtee.core.TaDebug;
import org.jtee.os.ChildProcess;
import org.jtee.os.Hardening;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.FrameChannel;
import org.jtee.ta.TrustedApplication;
import org.jtee.tahost.HostIsolation;
import org.jtee.tahost.TaHostMain;
import org.jtee.tahost.TaInfo;

/**
 * Starts TA host JVMs: the same JDK as the core, a class path of just the TA platform (TA API,
 * common types, protocol, OS calls and the host itself), a heap sized from {@code gpd.ta.dataSize}
 * and the options that keep a secure-world JVM closed: no attach, no heap dumps, exit on
 * out-of-memory. Hosts are started from the confined thread of a {@link HostSpawner}, so every
 * thread of a host is born without capabilities and in the outer Landlock layer
 * ({@link #outerLayer}). A debuggable host ({@link TaDebug}) is started from the caller's thread,
 * unconfined, listens for a debugger and stays dumpable, and the core says so loudly: with
 * {@link TaDebug#everyTa} every host, each on the next port; else the hosts of the TAs named, each
 * TA on its own port ({@link DebugPorts}), started when an instance needs one ({@link #startFor}).
 */
public final class HostLauncher implements HostPool.Launcher, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    /** What every host needs besides the TA's own data: the platform's classes and buffers. */
    static final long BASE_HEAP_BYTES = 8L << 20;
    /** The heap of a pooled host: enough for TAs with {@code dataSize} up to 8 MiB. */
    static final long POOL_HEAP_BYTES = 16L << 20;

    private final String java;
    private final String classPath;
    /** Where {@code jtee-os} is: the one module of a host that may call native code. */
    private final String osModule;
    private final TaDebug debug;
    private final DebugPorts debugPorts;
    /** Set when hosts may run with weaker isolation than {@link HostIsolation} asks: logged for every host. */
    private final HostIsolation weakIsolation;
    private final boolean allowWeakIsolation;
    private final ScheduledExecutorService timers;
    private final long hardLimitMillis;
    /** Where confined hosts are started from; null when every host is debuggable, and none confined. */
    private final HostSpawner spawner;
    private int nextDebugPort = TaDebug.FIRST_PORT;

    /**
     * A launcher of hosts with the hard limit {@code hardLimitMillis}, timed on {@code timers};
     * {@code debug}: which hosts are debuggable and unconfined, {@code allowWeakIsolation}: run with
     * what this kernel has; unsigned copies of signed platform libraries go under {@code stateDirectory}.
     */
    public HostLauncher(TaDebug debug, boolean allowWeakIsolation, ScheduledExecutorService timers, long hardLimitMillis,
            Path stateDirectory) {
        this.java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.classPath = platformClassPath(UnsignedJars.directory(stateDirectory.resolve("platform")));
        this.osModule = locationOf(Hardening.class);
        this.debug = debug;
        this.allowWeakIsolation = allowWeakIsolation;
        HostIsolation isolation = HostIsolation.probe();
        this.weakIsolation = allowWeakIsolation && !isolation.complete() ? isolation : null;
        this.timers = timers;
        this.hardLimitMillis = hardLimitMillis;
        this.spawner = debug.everyTa() ? null : new HostSpawner(outerLayer(), isolation.landlockAbi());
        this.debugPorts = new DebugPorts(hardLimitMillis);
        warnOfDebugMode(debug);
    }

    private static void warnOfDebugMode(TaDebug debug) {
        String unsafe = "; they are neither confined nor protected from same-user processes: never use this in production";
        if (debug.everyTa()) {
            LOG.log(Level.WARNING, "TA DEBUG MODE: every TA host accepts a debugger on a localhost port from "
                    + TaDebug.FIRST_PORT + " (a new port for each host; the log names it)" + unsafe);
        }
        for (TaDebug.Target t : debug.targets()) {
            LOG.log(Level.WARNING, "TA DEBUG MODE: hosts of TA " + t.ta() + " accept a debugger on 127.0.0.1:" + t.port()
                    + (t.suspend() ? ", each waiting for one before it runs" : "") + unsafe);
        }
    }

    /** The heap a host needs for {@code info}. */
    static long heapBytesFor(TaInfo info) {
        return BASE_HEAP_BYTES + Integer.toUnsignedLong(info.dataSize());
    }

    /**
     * Starts a host with {@code heapBytes} of heap; it boots while the caller goes on. When every
     * TA is debuggable, it listens for a debugger on the next port.
     */
    @Override
    public TaHost start(long heapBytes) throws IOException {
        return start(heapBytes, debug.everyTa() ? new TaHost.Debugging(nextDebugPort(), false) : null);
    }

    /**
     * A debuggable host of {@code ta}'s own, listening on its port, if {@code ta} was named with
     * {@code --ta-debug=UUID}; null if it was not, or if this instance must run without a
     * debugger ({@link DebugPorts}). Waits for the TA's last host to free the port.
     */
    @Override
    public TaHost startFor(UUID ta, long heapBytes) throws IOException {
        TaDebug.Target target = debug.target(ta);
        if (target == null) {
            return null;
        }
        try {
            if (!debugPorts.reserve(ta, target.port())) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for debug port " + target.port() + " of TA " + ta);
        }
        TaHost h;
        try {
            h = start(heapBytes, new TaHost.Debugging(target.port(), target.suspend()));
        } catch (IOException | RuntimeException e) {
            debugPorts.release(target.port());
            throw e;
        }
        debugPorts.hold(target.port(), h);
        return h;
    }

    private TaHost start(long heapBytes, TaHost.Debugging debugging) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx" + roundUpMiB(heapBytes) + "m");
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:CICompilerCount=2",
                "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-Xss" + (TaHostMain.THREAD_STACK_BYTES >> 10) + "k", "-XX:-UsePerfData",
                "-XX:+ExitOnOutOfMemoryError", "-XX:-HeapDumpOnOutOfMemoryError", "-Xshare:auto",
                // no signal handlers of the JVM's own: SIGQUIT would print a thread dump
                "-Xrs",
                // the JVM's own warnings and errors on standard error, as everything a host logs
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+DisplayVMOutputToStderr"));
        // native access for jtee-os alone, the TA's code gets none: its calls of restricted
        // methods (downcalls, reinterpret) throw IllegalCallerException
        cmd.addAll(List.of("--module-path", osModule, "--add-modules", "org.jtee.os",
                "--enable-native-access=org.jtee.os", "--illegal-native-access=deny"));
        cmd.addAll(footprintOptions());
        cmd.addAll(isolationOptions(debugging != null));
        if (debugging != null) {
            cmd.add("-Djtee.host.debug=true");
            // quiet: the core logs the port itself
            cmd.add("-agentlib:jdwp=transport=dt_socket,server=y,quiet=y,suspend=" + (debugging.suspend() ? "y" : "n")
                    + ",address=127.0.0.1:" + debugging.port());
        } else {
            cmd.addAll(List.of("-XX:+DisableAttachMechanism", "-XX:-EnableDynamicAgentLoading"));
        }
        cmd.addAll(List.of("-cp", classPath, TaHostMain.class.getName()));
        Map<String, String> environment = new HashMap<>(System.getenv());
        // the JVM reads options, agents included, from these: a host takes none from its environment
        environment.keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH"));
        UnixConnection[] link = UnixConnection.pair();
        ChildProcess process;
        try {
            HostSpawner.Spawn spawn = new HostSpawner.Spawn(cmd, environment, link[1]);
            // a debuggable host is not confined: started from this thread, not the spawner's
            process = debugging != null ? ChildProcess.spawn(cmd, environment, link[1]) : spawner.start(spawn);
        } catch (IOException | RuntimeException e) {
            link[0].close();
            throw e;
        } finally {
            link[1].handedOver(); // the host's end is the host's now
        }
        return new TaHost(process, link[0], timers, hardLimitMillis, debugging);
    }

    /** Stops the thread hosts are started from; a host started afterwards is refused. */
    @Override
    public void close() {
        if (spawner != null) {
            spawner.close();
        }
    }

    /**
     * The outer layer of a host's Landlock domain, which every thread of the host is born in
     * ({@link HostSpawner}): read and execute beneath what a JVM reads while it boots, and nothing
     * else — no write anywhere. The JDK (its launcher, {@code jspawnhelper}, libraries, modules,
     * class-data archive), the host's class and module path, the C library and its loader,
     * locale and time-zone data, the user database (the JVM looks up {@code user.home}), the
     * random devices, and {@code /proc} and {@code /sys}, read-only, where the JVM learns its
     * CPUs, memory and cgroup limits (why that is safe: {@code docs/ta-hosts.md}, "Isolation").
     * The host narrows it further before it reads its TA ({@code TaHostMain.harden}).
     */
    private List<Path> outerLayer() {
        List<Path> paths = new ArrayList<>();
        paths.add(Path.of(System.getProperty("java.home")));
        paths.add(Path.of(java));
        for (String entry : (classPath + File.pathSeparator + osModule).split(File.pathSeparator)) {
            paths.add(Path.of(entry));
        }
        for (String system : List.of("/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32",
                "/usr/share/locale", "/usr/share/zoneinfo", "/etc/ld.so.cache", "/etc/ld.so.preload",
                "/etc/localtime", "/etc/timezone", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group",
                "/dev/null", "/dev/urandom", "/dev/random", "/proc", "/sys")) {
            paths.add(Path.of(system));
        }
        return paths;
    }

    /**
     * What keeps an idle host within its memory budget ({@code jtee bench memory}, target 24 MiB of
     * unique set size; measured on a 2-core machine, JDK 25):
     * <ul>
     * <li>a young generation of 1/16 of the heap (1 MiB of a pooled host's 16): the eden a host
     *     cycles through while loading a TA stays resident; 1/3 (the default) costs ~3 MiB more;
     * <li>the native heap trimmed every second, so what the JVM's compiler arenas freed (the JVM
     *     frees them 5 s after use) goes back to the system: ~6 MiB;
     * <li>the JDK's class-data archive mapped where it asks to be, not relocated
     *     ({@code ArchiveRelocationMode=0}, the default before JDK 22): relocating it writes
     *     pointers into its pages, so each host gets ~7 MiB of private copies instead of pages
     *     shared with every other host. The cost is that this one region is not randomised in
     *     TA hosts (their heap, code, stacks and libraries still are); a host's code is Java
     *     without native access, and no other process can reach its memory (not dumpable,
     *     Landlock), which is what address randomisation would defend. The core keeps the
     *     JDK's default. {@code IgnoreUnrecognizedVMOptions} lets a JDK that drops the
     *     diagnostic option still start hosts.
     * </ul>
     */
    private static List<String> footprintOptions() {
        return List.of("-XX:NewRatio=15", "-XX:TrimNativeHeapInterval=1000", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    }

    /**
     * What keeps a TA's Java code in Java: {@code sun.misc.Unsafe}'s memory access refused (JDK 25
     * only warns by default; with it a TA could write any byte of the JVM, move its class into the
     * module that has native access and call native code), no finalization (finalizers would run
     * TA code on a JVM thread started before the host hardened itself), and what the host needs to
     * harden itself: the core's pid, and whether weaker isolation is accepted.
     */
    private List<String> isolationOptions(boolean debuggable) {
        List<String> options = new ArrayList<>(List.of("--sun-misc-unsafe-memory-access=deny", "--finalization=disabled",
                "-D" + TaHostMain.CORE_PID_PROPERTY + "=" + ProcessHandle.current().pid()));
        if (allowWeakIsolation) {
            options.add("-D" + HostIsolation.ALLOW_WEAK_PROPERTY + "=true");
        }
        for (String property : List.of(HostIsolation.LANDLOCK_LIMIT_PROPERTY, HostIsolation.SECCOMP_PROPERTY)) {
            if (System.getProperty(property) != null) {
                options.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        if (weakIsolation != null && !debuggable) {
            LOG.log(Level.WARNING, weakIsolation.weakWarning() + "; starting a TA host so confined");
        }
        return options;
    }

    private synchronized int nextDebugPort() {
        return nextDebugPort++;
    }

    private static long roundUpMiB(long bytes) {
        return Math.max(4, (bytes + (1 << 20) - 1) >> 20);
    }

    /**
     * Where the TA platform's classes come from, whether jars or class directories: jtee-tahost,
     * jtee-ta-api, jtee-common, jtee-protocol, jtee-crypto and Bouncy Castle (jtee-os goes on the
     * module path). Never jtee-core: a TA cannot load a class of the core. A signed JAR (Bouncy
     * Castle's) is replaced by its unsigned copy under {@code copies} ({@link UnsignedJars}).
     */
    private static String platformClassPath(Path copies) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(TaHostMain.class, TrustedApplication.class, TeeResult.class, FrameChannel.class,
                org.jtee.crypto.TeeAlg.class, org.bouncycastle.crypto.Digest.class)) {
            String entry = locationOf(c);
            try {
                entries.add(UnsignedJars.unsigned(Path.of(entry), copies).toString());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot copy {0} without its signature ({1}); TA hosts load it signed, "
                        + "which costs each several MiB of heap", new Object[] {entry, e.getMessage()});
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A class path of the jars or class directories {@code classes} were loaded from, each once. */
    public static String classPathOf(List<Class<?>> classes) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            entries.add(locationOf(c));
        }
        return String.join(File.pathSeparator, entries);
    }

    static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
        }
    }
}
