package org.jtee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * The benchmark TA as a dynamic TA, in a TA host JVM of its own: {@link BenchTa}'s commands, plus
 * two that describe the host. Not a built-in (no services entry): the bench signs it and installs
 * it as {@code <uuid>.ta}. Multi instance, so every session opened is a new instance in a new host
 * — what {@code jtee bench open} measures.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>NOOP</td><td>0</td><td>any</td><td>returns at once</td></tr>
 * <tr><td>READ</td><td>1</td><td>p0 MEMREF_INPUT, p1 VALUE_OUTPUT</td><td>as {@link BenchTa#CMD_READ}</td></tr>
 * <tr><td>PID</td><td>2</td><td>p0 VALUE_OUTPUT</td><td>a = the host's process id</td></tr>
 * <tr><td>USS</td><td>3</td><td>p0 VALUE_OUTPUT</td><td>a = the host's unique set size
 *     (Private_Clean + Private_Dirty) in KiB, b = its resident set size in KiB, from
 *     {@code /proc/self/smaps_rollup}; TEE_ERROR_ITEM_NOT_FOUND if that cannot be read</td></tr>
 * <tr><td>FILL</td><td>4</td><td>p0 MEMREF_OUTPUT, p1 VALUE_INPUT</td><td>as {@link BenchTa#CMD_FILL}</td></tr>
 * <tr><td>SLEEP</td><td>5</td><td>p0 VALUE_INPUT</td><td>as {@link BenchTa#CMD_SLEEP}</td></tr>
 * </table>
 * Other command ids: TEE_ERROR_NOT_SUPPORTED.
 */
@Ta(uuid = IsolatedBenchTa.UUID_STRING, version = "1.0", description = "jtee benchmark TA, in a TA host")
public final class IsolatedBenchTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "5c4fba1e-81d3-4ae3-ba90-02e6555e0700";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_NOOP = BenchTa.CMD_NOOP;
    public static final int CMD_READ = BenchTa.CMD_READ;
    public static final int CMD_PID = 2;
    public static final int CMD_USS = 3;
    public static final int CMD_FILL = BenchTa.CMD_FILL;
    public static final int CMD_SLEEP = BenchTa.CMD_SLEEP;

    /** The classes of this TA's image besides itself. */
    static final Class<?>[] IMAGE_CLASSES = {Checksum.class, SmapsRollup.class};

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case CMD_NOOP -> { }
            case CMD_READ -> Checksum.read(params);
            case CMD_FILL -> Checksum.fill(params);
            case CMD_SLEEP -> Checksum.sleep(call, params);
            case CMD_PID -> {
                params.expect(ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                params.value(0).setA((int) ProcessHandle.current().pid());
            }
            case CMD_USS -> {
                params.expect(ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                SmapsRollup m = readSelf();
                params.value(0).setA((int) m.ussKib());
                params.value(0).setB((int) m.rssKib());
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + commandId);
        }
    }

    private static SmapsRollup readSelf() throws TeeException {
        try {
            return SmapsRollup.parse(Files.readString(Path.of(SmapsRollup.SELF), StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, "cannot read " + SmapsRollup.SELF + ": " + e.getMessage());
        }
    }
}
