package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.jtee.tapkg.TaVersions;
import org.jtee.tapkg.VerifiedTa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jtee ta verify FILE}: checks a signed TA image as the core would, and says why not. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a signed TA image against the trusted keys; exit 1 with the reason if it is refused.")
final class TaVerifyCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The image, normally <uuid>.ta.")
    Path file;

    @Option(names = "--uuid", paramLabel = "U", description = "The UUID the image must carry (default: from the file name).")
    UUID uuid;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Override
    int run() throws CommandFailure, IOException {
        byte[] image = TaCommand.readImage(file);
        VerifiedTa ta = trust.verify(TrustOptions.uuidOf(file, uuid), image);
        System.out.println("OK " + file);
        print(ta);
        return 0;
    }

    static void print(VerifiedTa ta) {
        System.out.println("  uuid:         " + ta.uuid());
        System.out.println("  version:      " + TaVersions.format(ta.version()));
        System.out.println("  signer:       " + ta.signer());
        System.out.println("  payload size: " + ta.jar().length + " bytes");
    }
}
