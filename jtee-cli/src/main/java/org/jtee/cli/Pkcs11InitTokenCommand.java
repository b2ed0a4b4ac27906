package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jtee.tas.pkcs11.Ck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee pkcs11 init-token}: C_InitToken on a slot with the SO PIN and label, then, in a R/W
 * session logged in as SO, C_InitPIN with the user PIN — what a token needs before a program can
 * log in and keep keys on it. Initialising a token destroys every object it held. The PINs come
 * from a terminal prompt without echo (each asked twice) or from {@code --pin-file}: SO PIN on
 * the first line, user PIN on the second. They are wiped from memory once sent.
 */
@Command(name = "init-token", mixinStandardHelpOptions = true,
        description = {"Initialise a PKCS#11 token: its label, SO PIN and user PIN.",
            "Destroys every object the token held."})
final class Pkcs11InitTokenCommand extends ToolCommand {
    @Option(names = "--slot", paramLabel = "N", required = true, description = "The token's slot (see 'jtee pkcs11 list').")
    int slot;

    @Option(names = "--label", paramLabel = "L", required = true, description = "The token's label (at most 32 bytes).")
    String label;

    @Option(names = "--pin-file", paramLabel = "F",
            description = "A file with the SO PIN on its first line and the user PIN on its second (default: ask).")
    Path pinFile;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Override
    int run() throws CommandFailure, IOException {
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32) {
            throw CommandFailure.usage("a token label is at most 32 bytes (UTF-8)");
        }
        byte[] soPin = null;
        byte[] userPin = null;
        try {
            if (pinFile != null) {
                List<byte[]> lines = Pkcs11Command.pinLines(pinFile);
                if (lines.size() != 2) {
                    lines.forEach(Pkcs11Command::wipe);
                    throw CommandFailure.usage(pinFile + " must hold two lines, the SO PIN and the user PIN; it has "
                            + lines.size());
                }
                soPin = lines.get(0);
                userPin = lines.get(1);
            } else {
                soPin = Pkcs11Command.promptPin("SO PIN", true);
                userPin = Pkcs11Command.promptPin("user PIN", true);
            }
            try (Pkcs11Client p11 = Pkcs11Client.connect(socket)) {
                init(p11, soPin, userPin);
            }
        } finally {
            Pkcs11Command.wipe(soPin);
            Pkcs11Command.wipe(userPin);
        }
        System.out.println("token in slot " + slot + " initialised: label '" + label + "', SO PIN and user PIN set");
        return 0;
    }

    private void init(Pkcs11Client p11, byte[] soPin, byte[] userPin) throws CommandFailure {
        try {
            p11.initToken(slot, soPin, label);
            int session = p11.openSession(slot, true);
            try {
                p11.login(session, Ck.CKU_SO, soPin);
                p11.initPin(session, userPin);
                p11.logout(session);
            } finally {
                p11.closeSession(session);
            }
        } catch (Pkcs11Client.Failure f) {
            throw CommandFailure.failed(Pkcs11Command.explain(f, slot));
        }
    }
}
