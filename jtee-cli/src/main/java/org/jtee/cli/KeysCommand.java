package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jtee.tapkg.DevKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee keys}: the developer's TA signing key, created on first use (no key ships with
 * jtee). Production keys are not managed here: sign with {@code jtee ta sign --key}.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "The development TA signing key: init, show.",
        subcommands = {KeysCommand.Init.class, KeysCommand.Show.class})
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The key directory option shared by both subcommands. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "The key directory (default: $JTEE_KEYS_DIR, else $XDG_CONFIG_HOME/jtee/keys, else ~/.config/jtee/keys).")
        Path dir;

        Path resolve() {
            return dir != null ? dir : DevKeys.defaultDirectory();
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the development key unless it exists; print where it is and its fingerprint.")
    static final class Init extends ToolCommand {
        @CommandLine.Mixin
        DirOption dir = new DirOption();

        @Override
        int run() throws IOException {
            Path where = dir.resolve();
            boolean existed = hasFiles(where);
            try (DevKeys keys = DevKeys.loadOrCreate(where, System.out)) {
                System.out.println((existed ? "development key already existed in " : "created a development key in ") + where);
                print(keys);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the development public key file and fingerprint.")
    static final class Show extends ToolCommand {
        @CommandLine.Mixin
        DirOption dir = new DirOption();

        @Override
        int run() throws CommandFailure, IOException {
            try (DevKeys keys = loadExisting(dir.resolve())) {
                print(keys);
            }
            return 0;
        }
    }

    /** The development keys in {@code dir}; a clear failure if there are none. */
    static DevKeys loadExisting(Path dir) throws CommandFailure, IOException {
        if (!hasFiles(dir)) {
            throw CommandFailure.failed("no development key in " + dir + "; run `jtee keys init` first");
        }
        return DevKeys.load(dir);
    }

    private static void print(DevKeys keys) {
        System.out.println("public key:  " + keys.publicKeyFile());
        System.out.println("fingerprint: " + keys.fingerprint());
    }

    private static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
