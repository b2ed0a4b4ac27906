package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jtee.tapkg.tool.PackageTa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee ta sign}: the build's packaging step ({@link PackageTa}) from the command line. The
 * options are PackageTa's; this class checks them and turns PackageTa's exceptions into messages.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a TA jar into DIR/<uuid>.ta (default key: the development key, created on first use).")
final class TaSignCommand extends ToolCommand {
    @Option(names = "--jar", required = true, paramLabel = "FILE", description = "The TA's jar.")
    Path jar;

    @Option(names = "--class", paramLabel = "FQCN", description = "The TA class (default: the jar's Jtee-Ta-Class manifest entry).")
    String taClass;

    @Option(names = "--uuid", paramLabel = "U", description = "The TA's UUID (default: the TA class's @Ta).")
    UUID uuid;

    @Option(names = "--ta-version", paramLabel = "V", description = "The TA version, a.b.c (default: the TA class's @Ta).")
    String version;

    @Option(names = "--key", paramLabel = "PEM", description = "The signing key, PKCS#8 PEM (default: the development key).")
    Path key;

    @Option(names = "--chain", paramLabel = "CERTS.pem", description = "The signer's certificate chain, leaf first (needs --key).")
    Path chain;

    @Option(names = "--encrypt", description = "Encrypt the jar in the image.")
    boolean encrypt;

    @Option(names = "--encryption-key", paramLabel = "FILE",
            description = "The key that encrypts (needs --encrypt; default: the development encryption key).")
    Path encryptionKey;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write <uuid>.ta (default: the current directory).")
    Path out = Path.of(".");

    @Option(names = "--keys-dir", paramLabel = "DIR", description = "The development key directory (default: as `jtee keys`).")
    Path keysDir;

    @Override
    int run() throws CommandFailure, IOException {
        checkCombinations();
        if (!Files.isRegularFile(jar)) {
            throw CommandFailure.failed("no such jar: " + jar);
        }
        try {
            PackageTa.run(packageTaArguments().toArray(String[]::new), System.out);
            return 0;
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw CommandFailure.failed("cannot load the TA class from " + jar + ": " + e.getMessage());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private void checkCombinations() throws CommandFailure {
        if (chain != null && key == null) {
            throw CommandFailure.usage("--chain needs --key: the development key has no certificate");
        }
        if (encryptionKey != null && !encrypt) {
            throw CommandFailure.usage("--encryption-key needs --encrypt");
        }
    }

    private List<String> packageTaArguments() {
        List<String> args = new ArrayList<>(List.of("--jar", jar.toString(), "--out", out.toString()));
        add(args, "--class", taClass);
        add(args, "--uuid", uuid);
        add(args, "--ta-version", version);
        add(args, "--key", key);
        add(args, "--chain", chain);
        add(args, "--encryption-key", encryptionKey);
        add(args, "--keys-dir", keysDir);
        if (encrypt) {
            args.add("--encrypt");
        }
        return args;
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }
}
