package org.jtee.bench.abuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What this JVM holds that a misbehaving client could leave behind: open descriptors, live
 * threads (but a pool's idle workers), child processes (TA hosts), files in the abuse mix's
 * shared-memory directory.
 */
record Leftovers(long descriptors, List<String> threads, long hosts, List<String> shmFiles) {
    static Leftovers now(Path shmDirectory) throws IOException {
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        List<String> files;
        try (Stream<Path> s = Files.list(shmDirectory)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> threads = Thread.getAllStackTraces().entrySet().stream().filter(t -> !idleInAPool(t.getValue()))
                .map(t -> t.getKey().getName()).sorted().toList();
        return new Leftovers(fds, threads, ProcessHandle.current().descendants().count(), files);
    }

    /**
     * Not a leftover: a pool's worker waiting for its next task (it holds nothing for anyone and
     * ends after the pool's keep-alive; how many a core may have is a limit of its own), the JDK's
     * own scheduler and common-pool workers, and the JDK's reaper threads, one per child process
     * (the children are counted as hosts).
     */
    private static boolean idleInAPool(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(f -> is(f, "java.util.concurrent.ThreadPoolExecutor", "getTask")
                || is(f, "java.util.concurrent.ForkJoinPool", "awaitWork")
                || f.getClassName().equals("java.util.concurrent.DelayScheduler")
                || is(f, "java.lang.ProcessHandleImpl", "waitForProcessExit0"));
    }

    private static boolean is(StackTraceElement f, String className, String method) {
        return f.getClassName().equals(className) && f.getMethodName().equals(method);
    }

    /** What is above {@code before}, in words; empty if nothing is. */
    List<String> above(Leftovers before) {
        List<String> more = new ArrayList<>();
        if (descriptors > before.descriptors) {
            more.add((descriptors - before.descriptors) + " more descriptors (" + descriptors + ", before " + before.descriptors + ")");
        }
        if (threads.size() > before.threads.size()) {
            List<String> extra = new ArrayList<>(threads);
            before.threads.forEach(extra::remove);
            more.add((threads.size() - before.threads.size()) + " more threads: " + extra);
        }
        if (hosts > before.hosts) {
            more.add((hosts - before.hosts) + " more TA hosts (" + hosts + ", before " + before.hosts + ")");
        }
        if (!shmFiles.isEmpty()) {
            more.add("shared-memory files left: " + shmFiles);
        }
        return more;
    }
}
