package org.jtee.supplicant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the supplicant process: {@code SupplicantMain --core-socket PATH}. Waits up to
 * 30 seconds for the core's socket to appear, then serves until the core goes away.
 */
public final class SupplicantMain {
    private SupplicantMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-supplicant %4$s: %5$s%6$s%n");
        if (args.length != 2 || !args[0].equals("--core-socket")) {
            System.err.println("usage: SupplicantMain --core-socket PATH");
            System.exit(2);
        }
        Path socket = Path.of(args[1]);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (Supplicant s = Supplicant.connect(socket, Supplicant.defaultServices())) {
            System.out.println("jtee supplicant connected to " + socket);
            s.serve();
        } catch (IOException e) {
            System.err.println("jtee supplicant: " + e.getMessage());
            System.exit(1);
        }
    }
}
