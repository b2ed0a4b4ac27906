package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jtee ta inspect FILE}: the image's header as written, checked for nothing. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a TA image's header fields. UNVERIFIED: use `jtee ta verify` to check the image.")
final class TaInspectCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The image.")
    Path file;

    @Override
    int run() throws CommandFailure, IOException {
        TaImageInfo info;
        try {
            info = TaImageInfo.parse(TaCommand.readImage(file));
        } catch (TaImageException e) {
            throw CommandFailure.failed("not a TA image: " + e.getMessage());
        }
        System.out.println(file + " (UNVERIFIED header: the signature is not checked, see `jtee ta verify`)");
        System.out.println("  format version: " + info.formatVersion());
        System.out.println("  image type:     " + info.imageType());
        System.out.println("  uuid:           " + info.uuid());
        System.out.println("  version:        " + TaVersions.format(info.version()));
        System.out.println("  payload size:   " + info.payloadSize() + " bytes");
        System.out.println("  algorithm:      " + info.algorithm());
        System.out.println("  chain length:   " + info.chainLength());
        System.out.println("  encrypted:      " + (info.encrypted() ? "yes" : "no"));
        return 0;
    }
}
