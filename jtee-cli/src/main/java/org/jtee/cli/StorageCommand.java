package org.jtee.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.jtee.core.pta.SystemPtaReplies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee storage}: what a running core keeps in trusted storage, per backend and per owner
 * TA — objects and bytes (data plus attributes), never an object id or content — and each
 * store's commit count, the value its rollback counter holds. The core's own objects (version
 * floors, TA persistent times, TAs installed in secure storage) are the owner {@code core}.
 * Asked of the core's system PTA ({@link CoreAdmin}: the core's own user only).
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "Trusted storage usage of a running core: objects and bytes per TA and backend.")
final class StorageCommand extends ToolCommand {
    private static final String ROW = "  %-36s  %8s  %14s%n";

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Override
    int run() throws CommandFailure {
        List<SystemPtaReplies.StoreUsage> stores;
        Path at;
        try (CoreAdmin core = CoreAdmin.connect(socket)) {
            stores = core.usage();
            at = core.socket();
        }
        System.out.println("trusted storage of the core at " + at);
        for (SystemPtaReplies.StoreUsage s : stores) {
            print(s);
        }
        return 0;
    }

    private static void print(SystemPtaReplies.StoreUsage s) {
        if (s.result() != TeeResult.SUCCESS) {
            System.out.println(s.backend() + ": not available (" + TeeResult.name(s.result()) + ")");
            return;
        }
        System.out.println(s.backend() + ": " + (s.commits() < 0 ? "" : plural(s.commits(), "commit") + ", ")
                + plural(s.owners().size(), "owner"));
        System.out.printf(ROW, "owner", "objects", "bytes");
        long objects = 0;
        long bytes = 0;
        for (SystemPtaReplies.OwnerUsage o : s.owners()) {
            System.out.printf(ROW, owner(o.owner()), o.objects(), o.bytes());
            objects += o.objects();
            bytes += o.bytes();
        }
        System.out.printf(ROW, "total", objects, bytes);
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A TA's UUID, or {@code core} for the core's own objects (the reserved nil UUID). */
    private static String owner(UUID uuid) {
        return Uuids.NIL.equals(uuid) ? "core" : uuid.toString();
    }
}
