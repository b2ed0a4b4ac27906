package org.jtee.cli;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * A TA for {@link CallCommandTest}, for what no example TA does in one command: an inout buffer
 * the TA writes more into than it read, and open-session parameters.
 *
 * <p>Open session: p0 NONE or VALUE_INPUT (a = the session's number, default 0), p1..p3 NONE.
 * Command {@link #CMD_ECHO_TWICE}: p0 MEMREF_INOUT: the input up to its first NUL byte, then the
 * same again, size twice the input's ({@code TEE_ERROR_SHORT_BUFFER} with that size if it does
 * not fit); p1 VALUE_OUTPUT: a = the session's number, b = the input's length. Other commands: {@code TEE_ERROR_NOT_SUPPORTED}.
 */
@Ta(uuid = CallTestTa.UUID_STRING, version = "1.0", description = "jtee call test TA")
public final class CallTestTa implements TrustedApplication<int[]> {
    public static final String UUID_STRING = "c0ffee00-ca11-4e57-8a00-000000000001";
    public static final int CMD_ECHO_TWICE = 0;

    @Override
    public int[] openSession(CallContext call, Parameters params) throws TeeException {
        if (params.type(0) == NONE) {
            params.expect(NONE, NONE, NONE, NONE);
            return new int[] {0};
        }
        params.expect(VALUE_INPUT, NONE, NONE, NONE);
        return new int[] {params.value(0).a()};
    }

    @Override
    public void closeSession(int[] session) {}

    @Override
    public void invokeCommand(int[] session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId != CMD_ECHO_TWICE) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "unknown command " + commandId);
        }
        params.expect(MEMREF_INOUT, VALUE_OUTPUT, NONE, NONE);
        MemoryReference buffer = params.memref(0);
        byte[] input = cString(buffer.toByteArray());
        params.value(1).setA(session[0]);
        params.value(1).setB(input.length);
        byte[] twice = Arrays.copyOf(input, 2 * input.length);
        System.arraycopy(input, 0, twice, input.length, input.length);
        buffer.write(twice);
    }

    /** The bytes before the first NUL: a buffer bigger than its input is padded with zeros. */
    private static byte[] cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return Arrays.copyOf(bytes, end);
    }
}
