package org.jtee.bench;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * The built-in TA the benchmarks call: a no-op, and a full read of a memory reference. One
 * instance per session (cheap in the core: a constructor call), so clients of the bench never
 * share an instance: a single-instance TA is, by GP's definition, one queue for all its clients,
 * and the abuse mix ({@code jtee bench abuse}) measures what the core isolates, not that queue.
 * Its counterpart in a TA host of its own is {@link IsolatedBenchTa}.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>NOOP</td><td>0</td><td>any</td><td>returns at once</td></tr>
 * <tr><td>READ</td><td>1</td><td>p0 MEMREF_INPUT, p1 VALUE_OUTPUT</td><td>reads every byte of p0;
 *     p1.a/b = a checksum, so the read cannot be optimised away</td></tr>
 * <tr><td>FILL</td><td>4</td><td>p0 MEMREF_OUTPUT, p1 VALUE_INPUT</td><td>byte i of p0 =
 *     (p1.a + i) mod 256, all of it ({@link Checksum#fillByte})</td></tr>
 * <tr><td>SLEEP</td><td>5</td><td>p0 VALUE_INPUT</td><td>waits p0.a ms; cancellable:
 *     TEE_ERROR_CANCEL if the client cancels</td></tr>
 * </table>
 * Ids 2 and 3 are {@link IsolatedBenchTa}'s; here, as other ids, TEE_ERROR_NOT_SUPPORTED.
 *
 * <p>No jar registers it: only the cores the bench starts have it ({@link BuiltInBenchTa}).
 */
@Ta(uuid = BenchTa.UUID_STRING,
        version = "1.0", description = "jtee benchmark TA")
public final class BenchTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "e3c4b8a6-0b6e-4f0a-9d61-7f2c5a9e1b30";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_NOOP = 0;
    public static final int CMD_READ = 1;
    public static final int CMD_FILL = 4;
    public static final int CMD_SLEEP = 5;

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
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + commandId);
        }
    }
}
