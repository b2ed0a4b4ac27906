package org.jtee.supplicant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the supplicant process: {@code SupplicantMain --core-socket PATH [--ta-dir DIR]...};
 * TA images are served from the directories, in order. Waits up to
 * 30 seconds for the core's socket to appear, then serves until the core goes away.
 */
public final class SupplicantMain {
    private SupplicantMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-supplicant %4$s: %5$s%6$s%n");
        Path socket = null;
        List<Path> taDirectories = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--core-socket" -> socket = Path.of(args[i + 1]);
                case "--ta-dir" -> taDirectories.add(Path.of(args[i + 1]));
                default -> socket = null;
            }
        }
        if (socket == null || args.length % 2 != 0) {
            System.err.println("usage: SupplicantMain --core-socket PATH [--ta-dir DIR]...");
            System.exit(2);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (Supplicant s = Supplicant.connect(socket, Supplicant.defaultServices(taDirectories))) {
            System.out.println("jtee supplicant connected to " + socket);
            s.serve();
        } catch (IOException e) {
            System.err.println("jtee supplicant: " + e.getMessage());
            System.exit(1);
        }
    }
}
