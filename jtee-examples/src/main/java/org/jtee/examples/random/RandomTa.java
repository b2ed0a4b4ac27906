package org.jtee.examples.random;

import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's random TA: fills the client's buffer with random bytes. */
@Ta(uuid = RandomContract.UUID_STRING, version = "1.0", description = "Example of TA generating random data")
public final class RandomTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId != RandomContract.CMD_GENERATE) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
        params.expect(MEMREF_OUTPUT, NONE, NONE, NONE);
        MemoryReference out = params.memref(0);
        if (out.capacity() > Integer.MAX_VALUE) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, "cannot generate " + out.capacity() + " bytes at once");
        }
        byte[] random = Tee.random((int) out.capacity());
        MemorySegment.copy(random, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, random.length);
    }
}
