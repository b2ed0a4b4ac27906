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
 *
 * <p>{@code jtee ta install --secure FILE} hands the image to the running core instead, which
 * verifies it with its own trust and version floors and keeps it in its secure storage, where it
 * is looked for before the TA directories ({@link CoreAdmin}: the core's own user only).
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Verify a signed TA image and install it into the TA directory as <uuid>.ta,",
            "or (--secure) into a running core's secure storage."})
final class TaInstallCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The image, normally <uuid>.ta.")
    Path file;

    @Option(names = "--uuid", paramLabel = "U", description = "The UUID the image must carry (default: from the file name).")
    UUID uuid;

    @Option(names = "--ta-dir", paramLabel = "DIR", description = "The TA directory (default: <jtee home>/ta).")
    Path taDir;

    @Option(names = "--secure", description = "Install into the running core's secure storage (the core verifies it).")
    boolean secure;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "With --secure: the core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Override
    int run() throws CommandFailure, IOException {
        byte[] image = TaCommand.readImage(file);
        if (secure) {
            return installSecurely(image);
        }
        if (socket != null) {
            throw CommandFailure.usage("--socket goes with --secure");
        }
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

    /** Sends the image to the core; the UUID is the header's, checked against --uuid if given. */
    private int installSecurely(byte[] image) throws CommandFailure {
        if (taDir != null || !trust.trust.isEmpty() || trust.encryptionKey != null || trust.keysDir != null) {
            throw CommandFailure.usage("--secure installs with the core's trust into its storage: "
                    + "--ta-dir, --trust, --encryption-key and --keys-dir do not apply");
        }
        TaImageInfo info;
        try {
            info = TaImageInfo.parse(image);
        } catch (TaImageException e) {
            throw CommandFailure.failed("refused: " + e.getMessage());
        }
        if (uuid != null && !uuid.equals(info.uuid())) {
            throw CommandFailure.failed("refused: the image is for TA " + info.uuid() + ", not " + uuid);
        }
        try (CoreAdmin core = CoreAdmin.connect(socket)) {
            long version = core.install(image);
            System.out.println("installed " + info.uuid() + " version " + TaVersions.format(version)
                    + " into the secure storage of the core at " + core.socket());
        }
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
                    + " (TA versions only go forward; while developing, `jtee ta uninstall " + ta.uuid() + "` removes it, and"
                    + " `jtee ta reset-floor " + ta.uuid() + "` makes a running development core forget it loaded "
                    + TaVersions.format(installed) + ")");
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
