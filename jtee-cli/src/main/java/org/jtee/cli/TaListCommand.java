package org.jtee.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.common.DefaultLocations;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee ta list}: one row per {@code *.ta} file from the header alone (unverified); a file
 * whose header cannot be read gets a row with the reason.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the TA images in the TA directories (UNVERIFIED header fields).")
final class TaListCommand extends ToolCommand {
    private static final String ROW = "%-36s  %-9s  %-10s  %-9s  %9s  %s%n";

    @Option(names = "--ta-dir", paramLabel = "DIR",
            description = "A directory to list; repeatable (default: <jtee home>/ta and the TAs bundled with this CLI).")
    List<Path> taDirs = new ArrayList<>();

    @Override
    int run() throws CommandFailure, IOException {
        List<Path> dirs = taDirs.isEmpty() ? defaultDirectories() : taDirs;
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                if (!taDirs.isEmpty()) {
                    throw CommandFailure.failed("no such directory: " + dir);
                }
                continue; // a default directory not created yet
            }
            files.addAll(images(dir));
        }
        System.out.printf(ROW, "uuid", "version", "algorithm", "encrypted", "size", "file");
        for (Path f : files) {
            System.out.print(row(f));
        }
        System.out.println("(" + files.size() + " image" + (files.size() == 1 ? "" : "s")
                + " in " + dirs + "; header fields are unverified)");
        return 0;
    }

    private static List<Path> defaultDirectories() {
        return TaCommand.servedDirectories(DefaultLocations.home());
    }

    private static List<Path> images(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.ta")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    private static String row(Path f) {
        try {
            TaImageInfo i = TaImageInfo.parse(Files.readAllBytes(f));
            return String.format(ROW, i.uuid(), TaVersions.format(i.version()), i.algorithm(),
                    i.encrypted() ? "yes" : "no", Files.size(f), f);
        } catch (TaImageException e) {
            return String.format("%-36s  %s: %s%n", "?", f, "error: " + e.getMessage());
        } catch (IOException e) {
            return String.format("%-36s  %s: %s%n", "?", f, "error: " + CommandFailure.describe(e));
        }
    }
}
