package org.jtee.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtee.client.ParamType;
import org.jtee.client.Parameter;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.protocol.Wire;

/**
 * One parameter of {@code jtee call}, written in the command's notation and checked once:
 *
 * <pre>
 *   none                         TEEC_NONE
 *   value-in=A[,B]               TEEC_VALUE_INPUT      A, B: u32, decimal or 0x hex; B 0 if left out
 *   value-inout=A[,B]            TEEC_VALUE_INOUT
 *   value-out                    TEEC_VALUE_OUTPUT
 *   in=SRC                       TEEC_MEMREF_TEMP_INPUT   SRC: hex:00ff.. | utf8:TEXT | file:PATH
 *   inout=SRC[,size=N]           TEEC_MEMREF_TEMP_INOUT   a buffer of N bytes (default: the input's)
 *   out=SIZE                     TEEC_MEMREF_TEMP_OUTPUT  a buffer of SIZE bytes
 * </pre>
 *
 * A trailing {@code ,size=N} of an {@code inout=} is always the size, whatever SRC is. Buffers
 * are at most {@link Wire#MAX_FRAME_BYTES}, what one call can carry.
 */
final class CallParameter {
    /** The notation, for {@code --help}. */
    static final String NOTATION = """
            PARAM (up to 4, in slot order; the TA's p0..p3):
              none                  an empty slot
              value-in=A[,B]        a value the TA reads (A, B: u32, decimal or 0x hex;
                                    B is 0 if left out)
              value-inout=A[,B]     a value the TA reads and writes
              value-out             a value the TA writes
              in=SRC                bytes the TA reads (a temporary memory reference)
              inout=SRC[,size=N]    bytes the TA reads and writes, in a buffer of N bytes
                                    (default: the input's length)
              out=SIZE              a buffer of SIZE bytes the TA writes
            SRC: hex:00ff.. | utf8:TEXT | file:PATH
            """;

    private static final Pattern SIZE_SUFFIX = Pattern.compile(",size=([^,]*)$");
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final String text;
    private final int type;
    private final int a;
    private final int b;
    private final byte[] input;
    private final int bufferBytes;

    private CallParameter(String text, int type, int a, int b, byte[] input, int bufferBytes) {
        this.text = text;
        this.type = type;
        this.a = a;
        this.b = b;
        this.input = input;
        this.bufferBytes = bufferBytes;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong (not the parameter: the caller does)
     * @throws IOException if the file of a {@code file:} source cannot be read
     */
    static CallParameter parse(String text) throws IOException {
        int eq = text.indexOf('=');
        String kind = eq < 0 ? text : text.substring(0, eq);
        String value = eq < 0 ? null : text.substring(eq + 1);
        return switch (kind) {
            case "none" -> bare(text, value, ParamType.NONE);
            case "value-out" -> bare(text, value, ParamType.VALUE_OUTPUT);
            case "value-in" -> value(text, value, ParamType.VALUE_INPUT);
            case "value-inout" -> value(text, value, ParamType.VALUE_INOUT);
            case "in" -> input(text, value);
            case "inout" -> inout(text, value);
            case "out" -> output(text, value);
            default -> throw new IllegalArgumentException("unknown kind '" + kind
                    + "'; one of none, value-in=A,B, value-inout=A,B, value-out, in=SRC, inout=SRC, out=SIZE");
        };
    }

    private static CallParameter bare(String text, String value, int type) {
        if (value != null) {
            throw new IllegalArgumentException(text.substring(0, text.indexOf('=')) + " takes no value");
        }
        return new CallParameter(text, type, 0, 0, null, 0);
    }

    private static CallParameter value(String text, String value, int type) {
        String[] ab = required(value, "A,B").split(",", -1);
        if (ab.length > 2) {
            throw new IllegalArgumentException("a value is two numbers A,B (B may be left out: 0), got '" + value + "'");
        }
        return new CallParameter(text, type, u32("A", ab[0]), ab.length == 2 ? u32("B", ab[1]) : 0, null, 0);
    }

    private static CallParameter input(String text, String value) throws IOException {
        if (SIZE_SUFFIX.matcher(required(value, "SRC")).find()) {
            throw new IllegalArgumentException("size= goes with inout= only (the size of in= is its input's)");
        }
        byte[] data = source(value);
        return new CallParameter(text, ParamType.MEMREF_TEMP_INPUT, 0, 0, data, data.length);
    }

    private static CallParameter inout(String text, String value) throws IOException {
        Matcher size = SIZE_SUFFIX.matcher(required(value, "SRC[,size=N]"));
        boolean sized = size.find();
        byte[] data = source(sized ? value.substring(0, size.start()) : value);
        int bytes = sized ? bufferSize("size", size.group(1)) : data.length;
        if (bytes < data.length) {
            throw new IllegalArgumentException("size=" + bytes + " is smaller than the input's " + data.length + " bytes");
        }
        return new CallParameter(text, ParamType.MEMREF_TEMP_INOUT, 0, 0, data, bytes);
    }

    private static CallParameter output(String text, String value) {
        return new CallParameter(text, ParamType.MEMREF_TEMP_OUTPUT, 0, 0, null, bufferSize("SIZE", required(value, "SIZE")));
    }

    private static String required(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("needs =" + what);
        }
        return value;
    }

    /** The bytes of {@code hex:…}, {@code utf8:…} or {@code file:…}. */
    private static byte[] source(String src) throws IOException {
        if (src.startsWith("hex:")) {
            String hex = src.substring(4);
            try {
                return HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + hex + "' is not hex (an even number of digits 0-9, a-f)");
            }
        }
        if (src.startsWith("utf8:")) {
            return src.substring(5).getBytes(StandardCharsets.UTF_8);
        }
        if (src.startsWith("file:")) {
            return file(Path.of(src.substring(5)));
        }
        throw new IllegalArgumentException("the source '" + src + "' is none of hex:00ff.., utf8:TEXT, file:PATH");
    }

    private static byte[] file(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory");
        }
        if (Files.size(file) > Wire.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException(file + " has more than the " + (Wire.MAX_FRAME_BYTES >> 20)
                    + " MiB one call can carry");
        }
        return Files.readAllBytes(file);
    }

    private static int bufferSize(String what, String text) {
        long n = u32(what, text) & U32_MAX;
        if (n > Wire.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException(what + " " + n + " is over the " + Wire.MAX_FRAME_BYTES
                    + " bytes one call can carry");
        }
        return (int) n;
    }

    /** A u32 in decimal or {@code 0x} hex, as the Java int of the same bits. */
    static int u32(String what, String text) {
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        String digits = hex ? text.substring(2) : text;
        long n;
        try {
            if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
                throw new NumberFormatException();
            }
            n = Long.parseLong(digits, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number (decimal or 0x hex)");
        }
        if (n > U32_MAX) {
            throw new IllegalArgumentException(what + " " + text + " does not fit in 32 bits");
        }
        return (int) n;
    }

    /** True for {@code out=} and {@code inout=}: the TA's bytes come back. */
    boolean returnsBytes() {
        return type == ParamType.MEMREF_TEMP_OUTPUT || type == ParamType.MEMREF_TEMP_INOUT;
    }

    /** True for a parameter with anything to show after the call. */
    boolean returnsSomething() {
        return returnsBytes() || type == ParamType.VALUE_OUTPUT || type == ParamType.VALUE_INOUT;
    }

    /** A new client parameter (they are written back, so one per call), or null for {@code none}. */
    Parameter newParameter() {
        return switch (type) {
            case ParamType.NONE -> null;
            case ParamType.VALUE_INPUT -> ValueParameter.input(a, b);
            case ParamType.VALUE_INOUT -> ValueParameter.inout(a, b);
            case ParamType.VALUE_OUTPUT -> ValueParameter.output();
            case ParamType.MEMREF_TEMP_INPUT -> TempMemory.input(input.clone());
            case ParamType.MEMREF_TEMP_INOUT -> TempMemory.inout(Arrays.copyOf(input, bufferBytes));
            case ParamType.MEMREF_TEMP_OUTPUT -> TempMemory.output(bufferBytes);
            default -> throw new IllegalStateException("type " + ParamType.name(type));
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
