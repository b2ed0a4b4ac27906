package org.jtee.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jtee.common.DefaultLocations;
import org.jtee.core.pta.SystemPtaReplies;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee ta list}: where each TA comes from, in the order a core looks (after its built-in
 * and pseudo TAs): the TAs installed in a running core's secure storage, then one row per
 * {@code *.ta} file of the TA directories, from the header alone (unverified). A TA found again
 * further down is marked {@code (shadowed)}: the core loads the first. A file whose header cannot
 * be read gets a row with the reason.
 *
 * <p>Secure storage is listed when {@code --socket} is given or no {@code --ta-dir} is (the
 * default TEE); a core that does not answer then gets a note, not a failure.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the TAs of a running core's secure storage and of the TA directories,",
            "in the order the core looks (directory rows: UNVERIFIED header fields)."})
final class TaListCommand extends ToolCommand {
    private static final String ROW = "%-36s  %-9s  %-10s  %-9s  %9s  %s%n";
    static final String SECURE = "secure storage";

    @Option(names = "--ta-dir", paramLabel = "DIR",
            description = "A directory to list; repeatable (default: <jtee home>/ta and the TAs bundled with this CLI).")
    List<Path> taDirs = new ArrayList<>();

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The core whose secure storage to list (default with no --ta-dir: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    private final Set<UUID> seen = new HashSet<>();

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
        System.out.printf(ROW, "uuid", "version", "algorithm", "encrypted", "size", "from");
        String secure = socket != null || taDirs.isEmpty() ? listSecure() : "";
        for (Path f : files) {
            System.out.print(row(f));
        }
        System.out.println(secure + "(" + files.size() + " image" + (files.size() == 1 ? "" : "s")
                + " in " + dirs + "; header fields are unverified)");
        return 0;
    }

    /** Prints the rows of the core's secure storage; returns the summary's first part. */
    private String listSecure() throws CommandFailure {
        List<SystemPtaReplies.SecureTa> tas;
        Path at;
        try (CoreAdmin core = CoreAdmin.connect(socket)) {
            tas = core.secureTas();
            at = core.socket();
        } catch (CommandFailure e) {
            if (socket != null) {
                throw e;
            }
            return "(secure storage not listed: " + e.getMessage() + ")\n";
        }
        for (SystemPtaReplies.SecureTa t : tas) {
            System.out.printf(ROW, t.uuid(), TaVersions.format(t.version()), t.algorithm(), t.encrypted() ? "yes" : "no",
                    t.imageBytes(), SECURE + shadowed(t.uuid()));
        }
        return "(" + tas.size() + " TA" + (tas.size() == 1 ? "" : "s") + " in the secure storage of the core at " + at + ")\n";
    }

    private String shadowed(UUID uuid) {
        return seen.add(uuid) ? "" : "  (shadowed)";
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

    private String row(Path f) {
        try {
            TaImageInfo i = TaImageInfo.parse(Files.readAllBytes(f));
            return String.format(ROW, i.uuid(), TaVersions.format(i.version()), i.algorithm(),
                    i.encrypted() ? "yes" : "no", Files.size(f), f + shadowed(i.uuid()));
        } catch (TaImageException e) {
            return String.format("%-36s  %s: %s%n", "?", f, "error: " + e.getMessage());
        } catch (IOException e) {
            return String.format("%-36s  %s: %s%n", "?", f, "error: " + CommandFailure.describe(e));
        }
    }
}
