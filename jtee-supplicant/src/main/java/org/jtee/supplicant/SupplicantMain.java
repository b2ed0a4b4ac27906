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
 * Entry point of the supplicant process:
 * {@code SupplicantMain [--ta-dir DIR]... [--storage-dir DIR]}; TA images are served from the TA
 * directories, in order; with a storage directory, secure storage's files ({@link FsService})
 * and the emulated RPMB device ({@link RpmbService}) are served from it. Only the core starts it: the link is this process's standard input (core
 * → supplicant) and standard output (supplicant → core), so log lines go to standard error. It
 * serves until the core closes the link or goes away.
 *
 * <p>Exit status: 0 when the core closed the link, 1 if the link failed, 2 for a bad command line.
 */
public final class SupplicantMain {
    private SupplicantMain() {}

    /** The command line: the TA directories in order, and the storage directory or null. */
    record Options(List<Path> taDirectories, Path storageDirectory) {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-supplicant %4$s: %5$s%6$s%n");
        Options options = parse(args);
        if (options == null) {
            System.err.println("usage: SupplicantMain [--ta-dir DIR]... [--storage-dir DIR]  (started by the jtee core, "
                    + "which holds its standard input and output)");
            System.exit(2);
        }
        ByteChannel link = stdio();
        try (Supplicant s = Supplicant.open(link, Supplicant.defaultServices(options.taDirectories(), options.storageDirectory()))) {
            System.err.println("jtee supplicant connected, serving TAs from " + options.taDirectories()
                    + (options.storageDirectory() != null ? ", storage in " + options.storageDirectory() : ", no storage"));
            s.serve();
        } catch (IOException e) {
            System.err.println("jtee supplicant: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The options, or null if the command line is not {@code [--ta-dir DIR]... [--storage-dir DIR]}. */
    static Options parse(String[] args) {
        List<Path> taDirectories = new ArrayList<>();
        Path storage = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                return null;
            }
            if ("--ta-dir".equals(args[i])) {
                taDirectories.add(Path.of(args[i + 1]));
            } else if ("--storage-dir".equals(args[i]) && storage == null) {
                storage = Path.of(args[i + 1]);
            } else {
                return null;
            }
        }
        return new Options(List.copyOf(taDirectories), storage);
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
