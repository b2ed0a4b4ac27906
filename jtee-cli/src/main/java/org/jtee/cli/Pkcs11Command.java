package org.jtee.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jtee pkcs11}: the tokens of a running core's PKCS#11 TA — initialise one, list them —
 * and the SunPKCS11 configuration that gives a Java program the TA through jtee's PKCS#11 module,
 * {@code libjtee-pkcs11.so}. See docs/pkcs11.md.
 */
@Command(name = "pkcs11", mixinStandardHelpOptions = true,
        description = "PKCS#11 tokens of a running core: init-token, list, java-config.",
        subcommands = {Pkcs11InitTokenCommand.class, Pkcs11ListCommand.class, Pkcs11JavaConfigCommand.class})
final class Pkcs11Command implements Runnable {
    /** Where the native build puts the module, under {@link NativeBuild#release()}. */
    static final String MODULE = "pkcs11/libjtee-pkcs11.so";
    /** The most bytes a PIN file may hold (two PINs of up to 128 bytes, PKCS#11's usual bound, and line ends). */
    private static final int MAX_PIN_FILE_BYTES = 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The lines of a PIN file (UTF-8, {@code \n} or {@code \r\n} line ends), as bytes; the
     * file's bytes read are wiped. Each line is one PIN, empty lines included.
     */
    static List<byte[]> pinLines(Path file) throws CommandFailure, IOException {
        if (Files.size(file) > MAX_PIN_FILE_BYTES) {
            throw CommandFailure.failed(file + " is not a PIN file: more than " + MAX_PIN_FILE_BYTES + " bytes");
        }
        byte[] all = Files.readAllBytes(file);
        try {
            List<byte[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= all.length; i++) {
                if (i == all.length || all[i] == '\n') {
                    int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                    if (i < all.length || end > start) {
                        lines.add(Arrays.copyOfRange(all, start, end));
                    }
                    start = i + 1;
                }
            }
            return lines;
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    /**
     * A PIN read from the terminal without echo; with {@code confirm}, asked twice and refused if
     * the two differ. The characters read are wiped.
     */
    static byte[] promptPin(String what, boolean confirm) throws CommandFailure {
        Console console = System.console();
        if (console == null) {
            throw CommandFailure.usage("no terminal to ask for the " + what + " on: give --pin-file");
        }
        char[] first = console.readPassword("%s: ", what);
        if (first == null) {
            throw CommandFailure.failed("no " + what + " given");
        }
        try {
            if (confirm) {
                char[] again = console.readPassword("%s again: ", what);
                try {
                    if (again == null || !Arrays.equals(first, again)) {
                        throw CommandFailure.failed("the two " + what + "s differ");
                    }
                } finally {
                    if (again != null) {
                        Arrays.fill(again, '\0');
                    }
                }
            }
            return utf8(first);
        } finally {
            Arrays.fill(first, '\0');
        }
    }

    /** {@code chars} in UTF-8, without an intermediate String (the caller wipes both). */
    private static byte[] utf8(char[] chars) {
        java.nio.ByteBuffer b = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** A one-line message for a refused call, with what the return code usually means here. */
    static String explain(Pkcs11Client.Failure f, int slot) {
        String hint = switch (Pkcs11Client.rvName(f.rv())) {
            case "CKR_SLOT_ID_INVALID" -> " (no token in slot " + slot + "; 'jtee pkcs11 list' shows the slots)";
            case "CKR_PIN_INCORRECT" -> " (wrong PIN; each failure counts towards the PIN's lockout)";
            case "CKR_PIN_LOCKED" -> " (too many wrong PINs: the SO must set a new user PIN, or the token be"
                    + " initialised again)";
            case "CKR_PIN_LEN_RANGE", "CKR_ARGUMENTS_BAD" -> " (PINs are 4 to 128 bytes)";
            case "CKR_SESSION_EXISTS" -> " (a program has a session open on this token; close it first)";
            case "CKR_USER_PIN_NOT_INITIALIZED" -> " (the token has no user PIN yet: 'jtee pkcs11 init-token')";
            default -> "";
        };
        return f.getMessage() + hint;
    }
}
