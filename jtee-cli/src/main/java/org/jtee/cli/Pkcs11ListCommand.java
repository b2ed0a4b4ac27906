package org.jtee.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jtee.tas.pkcs11.Ck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee pkcs11 list}: the PKCS#11 TA's slots and their tokens (label, serial, flags by
 * name, sessions open), and, when a user PIN is given ({@code --pin-file} or {@code --login}),
 * the objects of that token as its user sees them: handle, class, key type, label and id. A PIN
 * is tried on one token only ({@code --slot}, needed when more than one token has a user PIN):
 * every wrong PIN counts towards that token's lockout.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the PKCS#11 slots and tokens of a running core; with a user PIN",
            "(--pin-file or --login), the objects of a token too."})
final class Pkcs11ListCommand extends ToolCommand {
    private static final String OBJECT_ROW = "    %-8s  %-11s  %-14s  %-32s  %s%n";

    @Option(names = "--slot", paramLabel = "N", description = "Only this slot.")
    Integer slot;

    @Option(names = "--pin-file", paramLabel = "F",
            description = "A file with the user PIN (on its one line, or the second of two: init-token's file).")
    Path pinFile;

    @Option(names = "--login", description = "Ask for the user PIN and list the token's objects.")
    boolean login;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Override
    int run() throws CommandFailure, IOException {
        byte[] pin = null;
        try (Pkcs11Client p11 = Pkcs11Client.connect(socket)) {
            int[] slots = p11.slots();
            List<Integer> shown = new ArrayList<>();
            for (int s : slots) {
                if (slot == null || slot == s) {
                    shown.add(s);
                }
            }
            if (shown.isEmpty()) {
                throw CommandFailure.failed("token not found: no slot " + slot + " (slots: " + join(slots) + ")");
            }
            // read before this command opens a session of its own, which the counts would include
            Map<Integer, Pkcs11Client.SlotInfo> slotInfos = new HashMap<>();
            Map<Integer, Pkcs11Client.TokenInfo> tokenInfos = new HashMap<>();
            for (int s : shown) {
                slotInfos.put(s, p11.slotInfo(s));
                tokenInfos.put(s, p11.tokenInfo(s));
            }
            int loginSlot = -1;
            int session = 0;
            if (pinFile != null || login) {
                loginSlot = loginSlot(p11, shown);
                pin = readPin();
                // logged in before anything is printed: a wrong PIN is the whole answer
                session = p11.openSession(loginSlot, false);
                try {
                    p11.login(session, Ck.CKU_USER, pin);
                } catch (Pkcs11Client.Failure f) {
                    p11.closeSession(session);
                    throw f;
                }
            }
            System.out.println("PKCS#11 TA of the core at " + p11.socket());
            for (int s : shown) {
                printSlot(s, slotInfos.get(s), tokenInfos.get(s));
                if (s == loginSlot) {
                    printObjects(p11, session);
                }
            }
            if (loginSlot >= 0) {
                p11.logout(session);
                p11.closeSession(session);
            }
            return 0;
        } catch (Pkcs11Client.Failure f) {
            throw CommandFailure.failed(Pkcs11Command.explain(f, slot == null ? -1 : slot));
        } finally {
            Pkcs11Command.wipe(pin);
        }
    }

    /** The one slot whose token the PIN is for: {@code --slot}, or the only token with a user PIN. */
    private int loginSlot(Pkcs11Client p11, List<Integer> shown) throws Pkcs11Client.Failure, CommandFailure {
        if (slot != null) {
            return slot;
        }
        List<Integer> withPin = new ArrayList<>();
        for (int s : shown) {
            if (p11.tokenInfo(s).userPinInitialized()) {
                withPin.add(s);
            }
        }
        if (withPin.size() != 1) {
            throw CommandFailure.usage(withPin.isEmpty() ? "no token has a user PIN ('jtee pkcs11 init-token' sets one)"
                    : "tokens in slots " + withPin + " have user PINs: name one with --slot (a wrong PIN counts"
                            + " towards its token's lockout)");
        }
        return withPin.getFirst();
    }

    private byte[] readPin() throws CommandFailure, IOException {
        if (pinFile == null) {
            return Pkcs11Command.promptPin("user PIN", false);
        }
        List<byte[]> lines = Pkcs11Command.pinLines(pinFile);
        if (lines.isEmpty() || lines.size() > 2) {
            lines.forEach(Pkcs11Command::wipe);
            throw CommandFailure.usage(pinFile + " must hold the user PIN (one line, or two: SO PIN, user PIN)");
        }
        byte[] pin = lines.getLast();
        if (lines.size() == 2) {
            Pkcs11Command.wipe(lines.getFirst());
        }
        return pin;
    }

    private static void printSlot(int s, Pkcs11Client.SlotInfo si, Pkcs11Client.TokenInfo t) {
        System.out.println("slot " + s + ": " + si.description());
        if (!t.initialized()) {
            System.out.println("  token: not initialised ('jtee pkcs11 init-token --slot " + s + " --label ...')");
        } else {
            System.out.println("  token: '" + t.label() + "', serial " + t.serial() + ", " + t.manufacturer() + " "
                    + t.model());
        }
        System.out.println("  flags: " + String.join(" ", tokenFlags(t.flags())));
        System.out.println("  sessions: " + t.sessions() + " (" + t.rwSessions() + " R/W); PIN length "
                + t.minPin() + ".." + t.maxPin());
    }

    /** The objects {@code session} (logged in as the user) sees. */
    private void printObjects(Pkcs11Client p11, int session) throws Pkcs11Client.Failure, CommandFailure {
        int[] objects = p11.findAll(session);
        System.out.println("  objects: " + objects.length);
        if (objects.length > 0) {
            System.out.printf(OBJECT_ROW, "handle", "class", "key type", "label", "id");
        }
        for (int o : objects) {
            Map<Integer, byte[]> a = p11.attributes(session, o, Ck.CKA_CLASS, Ck.CKA_KEY_TYPE, Ck.CKA_LABEL, Ck.CKA_ID);
            System.out.printf(OBJECT_ROW, o, className(u32(a.get(Ck.CKA_CLASS))), keyTypeName(u32(a.get(Ck.CKA_KEY_TYPE))),
                    label(a.get(Ck.CKA_LABEL)), hex(a.get(Ck.CKA_ID)));
        }
    }

    static List<String> tokenFlags(int flags) {
        int[] bits = {Ck.CKF_RNG, Ck.CKF_WRITE_PROTECTED, Ck.CKF_LOGIN_REQUIRED, Ck.CKF_USER_PIN_INITIALIZED,
            Ck.CKF_RESTORE_KEY_NOT_NEEDED, Ck.CKF_CLOCK_ON_TOKEN, Ck.CKF_PROTECTED_AUTHENTICATION_PATH,
            Ck.CKF_DUAL_CRYPTO_OPERATIONS, Ck.CKF_TOKEN_INITIALIZED, Ck.CKF_SECONDARY_AUTHENTICATION,
            Ck.CKF_USER_PIN_COUNT_LOW, Ck.CKF_USER_PIN_FINAL_TRY, Ck.CKF_USER_PIN_LOCKED, Ck.CKF_USER_PIN_TO_BE_CHANGED,
            Ck.CKF_SO_PIN_COUNT_LOW, Ck.CKF_SO_PIN_FINAL_TRY, Ck.CKF_SO_PIN_LOCKED, Ck.CKF_SO_PIN_TO_BE_CHANGED,
            Ck.CKF_ERROR_STATE};
        String[] names = {"RNG", "WRITE_PROTECTED", "LOGIN_REQUIRED", "USER_PIN_INITIALIZED", "RESTORE_KEY_NOT_NEEDED",
            "CLOCK_ON_TOKEN", "PROTECTED_AUTHENTICATION_PATH", "DUAL_CRYPTO_OPERATIONS", "TOKEN_INITIALIZED",
            "SECONDARY_AUTHENTICATION", "USER_PIN_COUNT_LOW", "USER_PIN_FINAL_TRY", "USER_PIN_LOCKED",
            "USER_PIN_TO_BE_CHANGED", "SO_PIN_COUNT_LOW", "SO_PIN_FINAL_TRY", "SO_PIN_LOCKED", "SO_PIN_TO_BE_CHANGED",
            "ERROR_STATE"};
        List<String> out = new ArrayList<>();
        int left = flags;
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                out.add(names[i]);
                left &= ~bits[i];
            }
        }
        if (left != 0) {
            out.add("0x" + Integer.toHexString(left));
        }
        return out;
    }

    static String className(Integer c) {
        if (c == null) {
            return "-";
        }
        return switch (c) {
            case Ck.CKO_DATA -> "data";
            case Ck.CKO_CERTIFICATE -> "certificate";
            case Ck.CKO_PUBLIC_KEY -> "public key";
            case Ck.CKO_PRIVATE_KEY -> "private key";
            case Ck.CKO_SECRET_KEY -> "secret key";
            default -> "0x" + Integer.toHexString(c);
        };
    }

    static String keyTypeName(Integer k) {
        if (k == null) {
            return "-";
        }
        return switch (k) {
            case Ck.CKK_RSA -> "RSA";
            case Ck.CKK_EC -> "EC";
            case Ck.CKK_EC_EDWARDS -> "EC_EDWARDS";
            case Ck.CKK_GENERIC_SECRET -> "GENERIC_SECRET";
            case Ck.CKK_AES -> "AES";
            case Ck.CKK_MD5_HMAC -> "MD5_HMAC";
            case Ck.CKK_SHA_1_HMAC -> "SHA_1_HMAC";
            case Ck.CKK_SHA224_HMAC -> "SHA224_HMAC";
            case Ck.CKK_SHA256_HMAC -> "SHA256_HMAC";
            case Ck.CKK_SHA384_HMAC -> "SHA384_HMAC";
            case Ck.CKK_SHA512_HMAC -> "SHA512_HMAC";
            case Ck.CKK_ML_DSA -> "ML_DSA";
            case Ck.CKK_ML_KEM -> "ML_KEM";
            default -> "0x" + Integer.toHexString(k);
        };
    }

    private static Integer u32(byte[] v) {
        return v == null || v.length != 4 ? null : ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** A label as text if it is UTF-8 without control characters, else its bytes in hex. */
    private static String label(byte[] v) {
        if (v == null) {
            return "-";
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(v)).toString();
            if (s.chars().noneMatch(Character::isISOControl)) {
                return "'" + s + "'";
            }
        } catch (CharacterCodingException e) {
            // not text: hex below
        }
        return "0x" + HexFormat.of().formatHex(v);
    }

    private static String hex(byte[] v) {
        return v == null ? "-" : v.length == 0 ? "(empty)" : HexFormat.of().formatHex(v);
    }

    private static String join(int[] slots) {
        List<String> s = new ArrayList<>();
        for (int x : slots) {
            s.add(Integer.toString(x));
        }
        return String.join(", ", s);
    }
}
