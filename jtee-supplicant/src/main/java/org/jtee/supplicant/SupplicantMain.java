package org.jtee.supplicant;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ByteChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.protocol.DuplexChannel;

/**
 * Entry point of the supplicant process: {@code SupplicantMain [--ta-dir DIR]...}; TA images are
 * served from the directories, in order. Only the core starts it: the link is this process's
 * standard input (core → supplicant) and standard output (supplicant → core), so log lines go to
 * standard error. It serves until the core closes the link or goes away.
 *
 * <p>Exit status: 0 when the core closed the link, 1 if the link failed, 2 for a bad command line.
 */
public final class SupplicantMain {
    private SupplicantMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-supplicant %4$s: %5$s%6$s%n");
        List<Path> taDirectories = parse(args);
        if (taDirectories == null) {
            System.err.println("usage: SupplicantMain [--ta-dir DIR]...  (started by the jtee core, which holds its "
                    + "standard input and output)");
            System.exit(2);
        }
        ByteChannel link = stdio();
        try (Supplicant s = Supplicant.open(link, Supplicant.defaultServices(taDirectories))) {
            System.err.println("jtee supplicant connected, serving TAs from " + taDirectories);
            s.serve();
        } catch (IOException e) {
            System.err.println("jtee supplicant: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The TA directories, or null if the command line is not {@code [--ta-dir DIR]...}. */
    static List<Path> parse(String[] args) {
        List<Path> taDirectories = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!"--ta-dir".equals(args[i]) || i + 1 >= args.length) {
                return null;
            }
            taDirectories.add(Path.of(args[i + 1]));
        }
        return taDirectories;
    }

    /**
     * Standard input and output as the link. {@code System.out} is pointed at standard error
     * first, so no stray print can put bytes into the link.
     */
    private static ByteChannel stdio() {
        FileChannel in = new FileInputStream(FileDescriptor.in).getChannel();
        FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        return new DuplexChannel(in, out);
    }
}
