package org.jtee.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaVersions;
import org.jtee.tapkg.VerifiedTa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee ta install FILE}: verifies the image as {@code jtee ta verify} does, then puts
 * exactly the verified bytes into the TA directory as {@code <uuid>.ta} (a temporary file renamed
 * over the old one, so a reader sees the old image or the new one, never half of one). Versions
 * only go forward, as in the core: an image older than the installed one is refused.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Verify a signed TA image and install it into the TA directory as <uuid>.ta.")
final class TaInstallCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The image, normally <uuid>.ta.")
    Path file;

    @Option(names = "--uuid", paramLabel = "U", description = "The UUID the image must carry (default: from the file name).")
    UUID uuid;

    @Option(names = "--ta-dir", paramLabel = "DIR", description = "The TA directory (default: <jtee home>/ta).")
    Path taDir;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Override
    int run() throws CommandFailure, IOException {
        byte[] image = TaCommand.readImage(file);
        VerifiedTa ta = trust.verify(TrustOptions.uuidOf(file, uuid), image);
        Path dir = taDir != null ? taDir : TaCommand.defaultTaDirectory();
        Path target = dir.resolve(ta.uuid() + ".ta");
        String replaced = checkNotOlder(target, ta);
        Files.createDirectories(dir);
        writeAtomically(target, image);
        System.out.println("installed " + ta.uuid() + " version " + TaVersions.format(ta.version())
                + " (signer " + ta.signer() + ") as " + target + replaced);
        return 0;
    }

    /** Fails if {@code target} holds a newer version; else says what is being replaced. */
    private static String checkNotOlder(Path target, VerifiedTa ta) throws CommandFailure, IOException {
        if (!Files.exists(target)) {
            return "";
        }
        long installed;
        try {
            installed = TaImageInfo.parse(Files.readAllBytes(target)).version();
        } catch (TaImageException e) {
            return ", replacing an unreadable image (" + e.getMessage() + ")";
        }
        if (Long.compareUnsigned(ta.version(), installed) < 0) {
            throw CommandFailure.failed("refused: version " + TaVersions.format(ta.version()) + " of " + ta.uuid()
                    + " is older than the installed version " + TaVersions.format(installed) + " in " + target
                    + " (TA versions only go forward)");
        }
        return ", replacing version " + TaVersions.format(installed);
    }

    private static void writeAtomically(Path target, byte[] image) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, image);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename atomically within " + target.getParent() + ": " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
