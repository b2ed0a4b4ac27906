package org.jtee.core;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * A dynamic TA that tries to leave its TA host. {@link #CMD_TRY}: value[0].a names the attack,
 * memref[1] is its argument (a port, a pid, a path), memref[2] receives what happened:
 * {@code "blocked: <why>"} or {@code "ESCAPED: <what it got>"}.
 */
@Ta(uuid = MaliciousTa.UUID_STRING, version = "1.0", description = "tries every way out of its host")
public final class MaliciousTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "f0f0f0f0-0000-4000-8000-00000000bad1";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_TRY = 0;

    private final int instanceField = 42;

    /** The attacks, by ordinal. */
    public enum Attack {
        UNSAFE_MEMORY, UNSAFE_ON_HEAP, DOWNCALL, CLASS_IN_OS_PACKAGE, OPEN_OS_MODULE, PRIVATE_LOOKUP_IN_OS,
        SET_ACCESSIBLE_IN_OS, DEFINE_CLASS_IN_OS, LOAD_LIBRARY, UDP, TCP, UNIX_SOCKET, SIGNAL_PID, SIGNAL_PARENT,
        EXEC, READ_FILE, CAPABILITIES, READ_FILE_FROM_GC_LISTENER, CAPABILITIES_OF_EVERY_THREAD
    }

    @Override
    public Object openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {
        if (cmd != CMD_TRY) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + cmd);
        }
        p.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE);
        Attack attack = Attack.values()[p.value(0).a()];
        String arg = new String(p.memref(1).toByteArray(), StandardCharsets.UTF_8);
        String outcome;
        try {
            outcome = "ESCAPED: " + attempt(attack, arg);
        } catch (Throwable t) {
            outcome = "blocked: " + t;
        }
        byte[] text = outcome.getBytes(StandardCharsets.UTF_8);
        p.memref(2).write(java.util.Arrays.copyOf(text, Math.min(text.length, (int) p.memref(2).size())));
    }

    /** Returns what the attack got if it worked; throws if it was refused. */
    @SuppressWarnings("restricted") // the point: a TA trying
    private static String attempt(Attack attack, String arg) throws Throwable {
        return switch (attack) {
            case UNSAFE_MEMORY -> {
                long address = (long) unsafe("allocateMemory", new Class<?>[] {long.class}, 8L);
                unsafe("putLong", new Class<?>[] {long.class, long.class}, address, 42L);
                yield "wrote native memory at " + Long.toHexString(address);
            }
            case UNSAFE_ON_HEAP -> {
                long offset = (long) unsafe("objectFieldOffset", new Class<?>[] {Field.class},
                        MaliciousTa.class.getDeclaredField("instanceField"));
                yield "read a field by offset " + offset + ": "
                        + unsafe("getInt", new Class<?>[] {Object.class, long.class}, new MaliciousTa(), offset);
            }
            case DOWNCALL -> downcall();
            case CLASS_IN_OS_PACKAGE -> org.jtee.os.SmuggledIntoOs.tryDowncall();
            case OPEN_OS_MODULE -> {
                Module os = org.jtee.os.Landlock.class.getModule();
                os.addOpens("org.jtee.os", MaliciousTa.class.getModule());
                yield "opened " + os + " (open now: " + os.isOpen("org.jtee.os", MaliciousTa.class.getModule()) + ")";
            }
            case PRIVATE_LOOKUP_IN_OS -> "got "
                    + java.lang.invoke.MethodHandles.privateLookupIn(org.jtee.os.Landlock.class, java.lang.invoke.MethodHandles.lookup());
            case SET_ACCESSIBLE_IN_OS -> {
                Field f = org.jtee.os.Landlock.class.getDeclaredField("SYSCALL");
                f.setAccessible(true);
                yield "took Landlock's syscall handle: " + f.get(null);
            }
            case DEFINE_CLASS_IN_OS -> "defined " + java.lang.invoke.MethodHandles.lookup().in(org.jtee.os.Landlock.class)
                    .defineClass(classBytesIn("org/jtee/os/Defined"));
            case LOAD_LIBRARY -> {
                String library = Path.of(System.getProperty("java.home"), "lib", "libzip.so").toString();
                System.load(library);
                yield "loaded " + library;
            }
            case UDP -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress("127.0.0.1", Integer.parseInt(arg))));
                    yield "sent a UDP datagram to 127.0.0.1:" + arg;
                }
            }
            case TCP -> {
                try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(arg))) {
                    yield "connected to " + socket.getRemoteSocketAddress();
                }
            }
            case UNIX_SOCKET -> {
                try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(arg))) {
                    yield "connected to " + c.getRemoteAddress();
                }
            }
            case SIGNAL_PID -> signal(ProcessHandle.of(Long.parseLong(arg)).orElseThrow());
            case SIGNAL_PARENT -> signal(ProcessHandle.current().parent().orElseThrow());
            case EXEC -> {
                Process p = new ProcessBuilder(arg).start();
                yield "started " + arg + " as pid " + p.pid();
            }
            case READ_FILE -> "read " + Files.readAllBytes(Path.of(arg)).length + " bytes of " + arg;
            case CAPABILITIES -> capabilities();
            case READ_FILE_FROM_GC_LISTENER -> readFromGcListener(Path.of(arg));
            case CAPABILITIES_OF_EVERY_THREAD -> capabilitiesOfEveryThread();
        };
    }

    /**
     * Reads {@code file} from a GC notification listener, which the JVM runs on its "Notification
     * Thread", started before the host confined itself: collects until the listener has run
     * (at most 100 times), then says on which thread it ran and what it got.
     */
    private static String readFromGcListener(Path file) throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        javax.management.NotificationListener listener = (notification, handback) -> {
            String thread = Thread.currentThread().getName();
            try {
                outcome.compareAndSet(null, "ESCAPED: read " + Files.readAllBytes(file).length + " bytes of " + file
                        + " on thread '" + thread + "'");
            } catch (Throwable t) {
                outcome.compareAndSet(null, "blocked: the listener ran on thread '" + thread + "' and got " + t);
            }
        };
        java.util.List<javax.management.NotificationEmitter> emitters = new java.util.ArrayList<>();
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            javax.management.NotificationEmitter emitter = (javax.management.NotificationEmitter) gc;
            emitter.addNotificationListener(listener, null, null);
            emitters.add(emitter);
        }
        try {
            for (int i = 0; i < 100 && outcome.get() == null; i++) {
                System.gc();
                Thread.sleep(20);
            }
        } finally {
            for (javax.management.NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(listener);
            }
        }
        String got = outcome.get();
        if (got == null) {
            throw new IllegalStateException("NOT RUN: no GC notification reached the listener");
        }
        if (got.startsWith("blocked: ")) {
            throw new SecurityException(got.substring("blocked: ".length()));
        }
        return got.substring("ESCAPED: ".length());
    }

    /**
     * Whether any thread of this host, the JVM's own started before the host hardened itself
     * included, holds a capability, or a bounding set other than this thread's (which is empty
     * when the host could empty it): the {@code Cap*} lines of every {@code /proc/self/task/<tid>/status}.
     */
    private static String capabilitiesOfEveryThread() throws java.io.IOException {
        String ownBounding = capLine(Files.readString(Path.of("/proc/thread-self/status")), "CapBnd");
        java.util.List<String> kept = new java.util.ArrayList<>();
        int threads = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // the thread ended meanwhile
                }
                threads++;
                String name = capLine(status, "Name");
                for (String set : java.util.List.of("CapEff", "CapPrm", "CapInh", "CapAmb")) {
                    if (!capLine(status, set).equals("0000000000000000")) {
                        kept.add(name + " " + set + ":" + capLine(status, set));
                    }
                }
                if (!capLine(status, "CapBnd").equals(ownBounding)) {
                    kept.add(name + " CapBnd:" + capLine(status, "CapBnd"));
                }
            }
        }
        if (kept.isEmpty()) {
            throw new SecurityException("none of " + threads + " threads holds a capability; CapBnd:" + ownBounding);
        }
        return String.join(", ", kept);
    }

    private static String capLine(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        return "?";
    }

    /** Calls {@code sun.misc.Unsafe.<method>} through reflection, as a TA built against any JDK would. */
    private static Object unsafe(String method, Class<?>[] types, Object... args) throws Throwable {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field f = unsafeClass.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        try {
            return unsafeClass.getMethod(method, types).invoke(f.get(null), args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("restricted") // the point: a TA trying
    private static String downcall() throws Throwable {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle getuid = linker.downcallHandle(linker.defaultLookup().find("getuid").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
        return "getuid() = " + (int) getuid.invokeExact();
    }

    /** A minimal class file (major 69, JDK 25) of an empty public class {@code name}. */
    private static byte[] classBytesIn(String name) {
        return java.lang.classfile.ClassFile.of().build(java.lang.constant.ClassDesc.ofInternalName(name), b -> { });
    }

    /** The gentlest signal Java has, then the hardest: either one reaching the target is an escape. */
    private static String signal(ProcessHandle target) {
        if (target.destroy() || target.destroyForcibly()) {
            return "signalled " + target.pid();
        }
        throw new SecurityException("the kernel refused to signal " + target.pid());
    }

    /**
     * Whether this thread kept a capability or could gain one; the message lists the sets (the
     * bounding set can be emptied only by a host that had {@code CAP_SETPCAP}).
     */
    private static String capabilities() throws java.io.IOException {
        String status = Files.readString(Path.of("/proc/thread-self/status"));
        StringBuilder caps = new StringBuilder();
        for (String line : status.split("\n")) {
            if (line.startsWith("Cap") || line.startsWith("NoNewPrivs") || line.startsWith("Seccomp:")) {
                caps.append(line.replaceAll("\\s+", "")).append(' ');
            }
        }
        String all = caps.toString();
        if (all.contains("CapEff:0000000000000000") && all.contains("CapPrm:0000000000000000")
                && all.contains("CapInh:0000000000000000") && all.contains("CapAmb:0000000000000000")
                && all.contains("NoNewPrivs:1")) {
            throw new SecurityException("no capability left: " + all.strip());
        }
        return all.strip();
    }
}
