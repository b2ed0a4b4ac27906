package org.jtee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee pkcs11 java-config}: a SunPKCS11 configuration file for jtee's PKCS#11 module, on
 * standard output. A Java program that loads it ({@code Security.getProvider("SunPKCS11")
 * .configure(file)}) gets {@code KeyStore.getInstance("PKCS11", provider)}, {@code Signature},
 * {@code Cipher}, {@code KeyPairGenerator} and {@code KeyGenerator} on the token, with no jtee
 * code on its class path. The library is the absolute path of this build's
 * {@code libjtee-pkcs11.so}; the module reaches the core on {@code $JTEE_SOCKET} (else the
 * default socket), like every client of libteec.so.2.
 */
@Command(name = "java-config", mixinStandardHelpOptions = true,
        description = "Print a SunPKCS11 configuration for jtee's PKCS#11 module (libjtee-pkcs11.so).")
final class Pkcs11JavaConfigCommand extends ToolCommand {
    @Option(names = "--slot", paramLabel = "N", description = "The token's slot (default: 0).")
    int slot;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The provider's name suffix: the provider is SunPKCS11-NAME (default: jtee).")
    String name = "jtee";

    @Override
    int run() throws CommandFailure {
        if (slot < 0) {
            throw CommandFailure.usage("--slot is a slot number (0 or more)");
        }
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw CommandFailure.usage("--name takes letters, digits, '_', '.' and '-' only");
        }
        System.out.print(config(module(), name, slot));
        return 0;
    }

    /** The module of this build, absolute; fails naming what to build when it is not there. */
    static Path module() throws CommandFailure {
        Path release = NativeBuild.release();
        if (release == null) {
            throw CommandFailure.failed("no native build found (build it with native/build.sh, which bin/jtee runs)");
        }
        Path lib = release.resolve(Pkcs11Command.MODULE).toAbsolutePath().normalize();
        if (!Files.isRegularFile(lib)) {
            throw CommandFailure.failed("the PKCS#11 module is not built: no " + lib + " (native/build.sh builds it)");
        }
        return lib;
    }

    /** Where the configuration's text is, with {@code @NAME@}, {@code @LIBRARY@} and {@code @SLOT@} to fill in. */
    static final String TEMPLATE = "sunpkcs11.cfg";

    /**
     * The configuration text: SunPKCS11's {@code name}, {@code library} and {@code slot}, and the
     * attributes it gives the keys it generates or imports (the TA's default for what a key may
     * be used for is false).
     */
    static String config(Path library, String name, int slot) {
        String template;
        try (InputStream in = Pkcs11JavaConfigCommand.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the CLI's jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template.replace("@NAME@", name).replace("@LIBRARY@", quoted(library.toString()))
                .replace("@SLOT@", Integer.toString(slot));
    }

    /** A value as SunPKCS11's parser takes it: in double quotes if it holds a blank. */
    private static String quoted(String value) {
        return value.chars().anyMatch(Character::isWhitespace) ? '"' + value + '"' : value;
    }
}
