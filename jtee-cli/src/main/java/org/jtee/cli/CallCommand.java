package org.jtee.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jtee.client.Operation;
import org.jtee.client.Parameter;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee call UUID CMD [PARAM]...}: opens a session with a TA, invokes one command with the
 * parameters written in {@link CallParameter}'s notation, prints the result, its origin and what
 * came back, and closes the session. Exit status 0 for {@code TEE_SUCCESS}, 1 for any other
 * result (an open-session failure included), 2 for a wrong command line.
 */
@Command(name = "call", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Invoke a command of a TA through the client API: open a session, invoke CMD with the PARAMs, "
                + "print the result, its origin and the outputs, close the session.",
            "Exit status: 0 for TEE_SUCCESS, 1 for any other result, 2 for a wrong command line."},
        footer = {"", CallParameter.NOTATION,
            "METHOD: public | user | group:GID | application | user-application",
            "        | group-application:GID",
            "",
            "Examples:",
            "  # hello_world's INC_VALUE: value a 42 comes back as 43",
            "  jtee call 8aaaf200-2450-11e4-abe2-0002a5d5c51b 0 value-inout=42,0",
            "  # sha's COMPUTE_DIGEST: SHA-256 (0x50000004) of \"abc\" in a 32-byte buffer",
            "  jtee call 1dc6a16b-2fba-4aa1-9519-ea8a6c8c16e5 5 in=utf8:abc out=32 \\",
            "      value-in=0x50000004"})
final class CallCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "UUID", description = "The TA's UUID.")
    String ta;

    @Parameters(index = "1", paramLabel = "CMD", description = "The command id (decimal or 0x hex).")
    String command;

    @Parameters(index = "2..*", paramLabel = "PARAM", description = "Up to 4 parameters, in slot order (see below).")
    List<String> params = new ArrayList<>();

    @Option(names = "--login", paramLabel = "METHOD", description = "The login method (default: ${DEFAULT-VALUE}).")
    String login = "public";

    @Option(names = "--open", paramLabel = "PARAM", description = "A parameter of the open-session call, in the same "
            + "notation; repeatable, in slot order (default: none).")
    List<String> open = new ArrayList<>();

    @Option(names = "--out-file", paramLabel = "N=PATH", description = "Write the output bytes of PARAM N (1-4) to "
            + "PATH instead of printing them; repeatable.")
    List<String> outFiles = new ArrayList<>();

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    /** A login method and the group id it names, if any. */
    record Login(int method, int groupId) {}

    @Override
    int run() throws CommandFailure, IOException {
        UUID uuid = uuid(ta);
        int commandId = number("CMD", command);
        Login who = login(login);
        List<CallParameter> invokeParams = parameters("PARAM ", params);
        List<CallParameter> openParams = parameters("--open ", open);
        Map<Integer, Path> files = outFiles(invokeParams);
        Path path = socket != null ? socket : DefaultLocations.clientSocket();
        try (TeeContext ctx = TeeContext.open(path)) {
            return call(ctx, uuid, who, openParams, commandId, invokeParams, files);
        } catch (TeeException e) {
            printResult(e.result(), e.origin());
            return failed(e);
        }
    }

    private int call(TeeContext ctx, UUID uuid, Login who, List<CallParameter> openParams, int commandId,
            List<CallParameter> invokeParams, Map<Integer, Path> files) throws CommandFailure, IOException {
        Operation openOp = operation(openParams);
        TeeSession session;
        try {
            session = ctx.openSession(uuid, who.method(), who.groupId(), openOp);
        } catch (TeeException e) {
            printResult(e.result(), e.origin());
            printShortBuffers("--open ", openParams, openOp);
            return failed(e);
        }
        try (session) {
            Operation op = operation(invokeParams);
            try {
                session.invokeCommand(commandId, op);
            } catch (TeeException e) {
                printResult(e.result(), e.origin());
                printShortBuffers("param ", invokeParams, op);
                return failed(e);
            }
            printResult(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP);
            printOutputs("--open ", openParams, openOp, Map.of());
            printOutputs("param ", invokeParams, op, files);
            return 0;
        }
    }

    /** The client's message on stderr, after the result line on stdout; status 1. */
    private int failed(TeeException e) {
        complain(e.getMessage());
        return CommandFailure.FAILED;
    }

    /** {@code result: TEE_SUCCESS (0x00000000) origin: TRUSTED_APP}. */
    static String resultLine(int result, int origin) {
        String hex = String.format("0x%08x", result);
        String name = TeeResult.name(result);
        return "result: " + (name.equals(hex) ? hex : name + " (" + hex + ")") + " origin: " + ReturnOrigin.name(origin);
    }

    private static void printResult(int result, int origin) {
        System.out.println(resultLine(result, origin));
    }

    private static void printOutputs(String label, List<CallParameter> spec, Operation op, Map<Integer, Path> files)
            throws CommandFailure {
        for (int i = 0; i < spec.size(); i++) {
            if (spec.get(i).returnsSomething()) {
                System.out.println(label + (i + 1) + ": " + output(op.get(i), files.get(i + 1)));
            }
        }
    }

    private static void printShortBuffers(String label, List<CallParameter> spec, Operation op) {
        for (int i = 0; i < spec.size(); i++) {
            if (spec.get(i).returnsBytes() && op.get(i) instanceof TempMemory t && t.size() > t.buffer().length) {
                System.out.println(label + (i + 1) + ": " + shortBuffer(t));
            }
        }
    }

    private static String shortBuffer(TempMemory t) {
        return "short buffer: the TA asks for " + Long.toUnsignedString(t.size()) + " bytes, the buffer has "
                + t.buffer().length;
    }

    /** One output parameter after a successful call: its values, or its bytes (printed, or written to {@code file}). */
    private static String output(Parameter p, Path file) throws CommandFailure {
        if (p instanceof ValueParameter v) {
            return "a=" + u32(v.a()) + " b=" + u32(v.b());
        }
        TempMemory t = (TempMemory) p;
        if (t.size() > t.buffer().length) {
            return shortBuffer(t);
        }
        byte[] data = t.data();
        if (file != null) {
            write(file, data);
            return data.length + " bytes written to " + file;
        }
        String text = printableUtf8(data);
        return data.length + " bytes" + (data.length == 0 ? "" : ": " + HexFormat.of().formatHex(data))
                + (text == null ? "" : " (utf8: \"" + text + "\")");
    }

    private static String u32(int n) {
        return Integer.toUnsignedString(n) + String.format(" (0x%08x)", n);
    }

    /** {@code data} as text when it is UTF-8 without control characters (trailing NULs aside), else null. */
    static String printableUtf8(byte[] data) {
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data, 0, end)).toString();
            return s.codePoints().allMatch(c -> Character.isDefined(c) && !Character.isISOControl(c)) ? s : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void write(Path file, byte[] data) throws CommandFailure {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw CommandFailure.failed("cannot write the output to " + file + ": " + CommandFailure.describe(e));
        }
    }

    /** The slots of {@code spec}, or null (no parameters) when there are none. */
    private static Operation operation(List<CallParameter> spec) {
        if (spec.isEmpty()) {
            return null;
        }
        return Operation.of(spec.stream().map(CallParameter::newParameter).toArray(Parameter[]::new));
    }

    private static UUID uuid(String text) throws CommandFailure {
        UUID uuid = Uuids.parseCanonical(text);
        if (uuid == null) {
            throw CommandFailure.usage("UUID '" + text + "' is not a UUID (8-4-4-4-12 hex digits)");
        }
        return uuid;
    }

    private static int number(String what, String text) throws CommandFailure {
        try {
            return CallParameter.u32(what, text);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    /** {@code --login}: public, user, group:GID, application, user-application, group-application:GID. */
    static Login login(String text) throws CommandFailure {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        int method = switch (name) {
            case "public" -> LoginMethod.PUBLIC;
            case "user" -> LoginMethod.USER;
            case "group" -> LoginMethod.GROUP;
            case "application" -> LoginMethod.APPLICATION;
            case "user-application" -> LoginMethod.USER_APPLICATION;
            case "group-application" -> LoginMethod.GROUP_APPLICATION;
            default -> throw CommandFailure.usage("--login '" + text + "': one of public, user, group:GID, application, "
                    + "user-application, group-application:GID");
        };
        boolean group = method == LoginMethod.GROUP || method == LoginMethod.GROUP_APPLICATION;
        if (group != (colon >= 0)) {
            throw CommandFailure.usage("--login '" + text + "': " + (group ? name + " needs a group id, " + name + ":GID"
                    : name + " takes no group id"));
        }
        return new Login(method, group ? number("--login " + name + " GID", text.substring(colon + 1)) : 0);
    }

    /** Parses every parameter; a bad one is a usage error naming it ({@code PARAM 2 'in=hex:0g': …}). */
    private static List<CallParameter> parameters(String label, List<String> texts) throws CommandFailure {
        if (texts.size() > 4) {
            throw CommandFailure.usage("at most 4 " + label.trim() + " parameters, got " + texts.size());
        }
        List<CallParameter> parsed = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            try {
                parsed.add(CallParameter.parse(text));
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage(label + (i + 1) + " '" + text + "': " + e.getMessage());
            } catch (IOException e) {
                throw CommandFailure.usage(label + (i + 1) + " '" + text + "': " + CommandFailure.describe(e));
            }
        }
        return parsed;
    }

    /** {@code --out-file N=PATH}: N names a PARAM whose bytes come back. */
    private Map<Integer, Path> outFiles(List<CallParameter> spec) throws CommandFailure {
        Map<Integer, Path> files = new TreeMap<>();
        for (String text : outFiles) {
            int eq = text.indexOf('=');
            String n = eq < 0 ? text : text.substring(0, eq);
            if (eq <= 0 || eq == text.length() - 1 || !n.matches("[1-4]")) {
                throw CommandFailure.usage("--out-file '" + text + "': N=PATH with N from 1 to 4");
            }
            int index = Integer.parseInt(n);
            if (index > spec.size() || !spec.get(index - 1).returnsBytes()) {
                throw CommandFailure.usage("--out-file '" + text + "': PARAM " + index + " is "
                        + (index > spec.size() ? "not given" : "'" + spec.get(index - 1) + "', not out= or inout="));
            }
            if (files.put(index, Path.of(text.substring(eq + 1))) != null) {
                throw CommandFailure.usage("--out-file '" + text + "': PARAM " + index + " has a file already");
            }
        }
        return files;
    }
}
