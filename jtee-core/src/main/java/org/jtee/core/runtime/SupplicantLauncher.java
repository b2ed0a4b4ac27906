package org.jtee.core.runtime;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.common.TeeResult;
import org.jtee.core.host.HostLauncher;
import org.jtee.protocol.DuplexChannel;
import org.jtee.protocol.FrameChannel;
import org.jtee.supplicant.SupplicantMain;

/**
 * Starts the supplicant JVM: the same JDK as the core, a class path of just the supplicant, its
 * common types and the protocol, and the core's end of its standard input and output as the
 * link. Its standard error, where it logs, is the core's.
 */
final class SupplicantLauncher implements SupplicantLink.Launcher {
    private final String java;
    private final String classPath;
    private final List<Path> taDirectories;
    private final Path storageDirectory;

    /** A supplicant serving TA images from {@code taDirectories}, and storage from {@code storageDirectory} unless null. */
    SupplicantLauncher(List<Path> taDirectories, Path storageDirectory) {
        this.java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.classPath = classPath();
        this.taDirectories = List.copyOf(taDirectories);
        this.storageDirectory = storageDirectory;
    }

    @Override
    public SupplicantLink.Peer start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError",
                // standard output is the link: no thread dumps on SIGQUIT, the JVM's own messages to stderr
                "-Xrs", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+DisplayVMOutputToStderr",
                "-cp", classPath, SupplicantMain.class.getName()));
        for (Path dir : taDirectories) {
            cmd.addAll(List.of("--ta-dir", dir.toString()));
        }
        if (storageDirectory != null) {
            cmd.addAll(List.of("--storage-dir", storageDirectory.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH"));
        Process p = pb.start();
        FrameChannel frames = new FrameChannel(new DuplexChannel(Channels.newChannel(p.getInputStream()),
                DuplexChannel.flushing(p.getOutputStream())));
        return new SupplicantLink.Peer(frames, p);
    }

    private static String classPath() {
        return HostLauncher.classPathOf(List.of(SupplicantMain.class, TeeResult.class, FrameChannel.class));
    }
}
