package org.jtee.core;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/**
 * Derives TA unique keys and adds entropy on request, for the core's tests: built in, and, as
 * {@link DynamicUniqueKeyTa}, a dynamic TA with its own UUID.
 */
@Ta(uuid = UniqueKeyTa.UUID_STRING, description = "core test: TA unique keys, built in")
public class UniqueKeyTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "5eed0001-7a7a-4c1e-9d00-000000000001";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    /**
     * [0] MEMREF_INPUT: the extra data, passed as it is (or NONE: no extra data); [1] VALUE_INPUT:
     * a = the key's size, b = 1 to derive into native memory of the TA's, else into a heap array;
     * [2] MEMREF_OUTPUT: the key.
     */
    public static final int CMD_DERIVE = 0;
    /** [0] MEMREF_OUTPUT or _INOUT: derives a key of its size right into its buffer. */
    public static final int CMD_DERIVE_INTO_PARAMETER = 1;
    /** [0] MEMREF_INPUT: {@code Tee.addEntropy} of its bytes; [1] MEMREF_OUTPUT: 32 random bytes after it. */
    public static final int CMD_ADD_ENTROPY = 2;

    @Override
    public Object openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Object session, CallContext call, int cmd, Parameters p) throws TeeException {
        switch (cmd) {
            case CMD_DERIVE -> derive(call, p);
            case CMD_DERIVE_INTO_PARAMETER -> call.deriveTaUniqueKey(MemorySegment.NULL, p.memref(0).buffer());
            case CMD_ADD_ENTROPY -> {
                Tee.addEntropy(p.memref(0).toByteArray());
                p.memref(1).write(Tee.random(32));
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + cmd);
        }
    }

    private static void derive(CallContext call, Parameters p) throws TeeException {
        MemorySegment extra = p.type(0) == ParamTypes.NONE ? MemorySegment.NULL : p.memref(0).buffer();
        int keyBytes = p.value(1).a();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = p.value(1).b() == 1 ? arena.allocate(Math.max(keyBytes, 0))
                    : MemorySegment.ofArray(new byte[Math.max(keyBytes, 0)]);
            call.deriveTaUniqueKey(extra, key);
            p.memref(2).write(key.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
