package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** Trusted storage: persistent objects written and read back. */
@Ta(uuid = GpTas.STORE)
public final class StoreTa implements TrustedApplication<Void> {
    private static final int CREATE = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_OVERWRITE;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.WRITE -> {
                params.expect(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE);
                byte[] data = params.memref(1).toByteArray();
                try (PersistentObject o = PersistentObject.create(TeeStorage.PRIVATE, params.memref(0).toByteArray(), CREATE, null)) {
                    o.write(data, 0, data.length);
                }
            }
            case GpTas.READ -> {
                params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
                MemoryReference out = params.memref(1);
                try (PersistentObject o = PersistentObject.open(TeeStorage.PRIVATE, params.memref(0).toByteArray(),
                        TeeStorage.DATA_FLAG_ACCESS_READ)) {
                    byte[] data = new byte[(int) o.info().dataSize()];
                    int read = o.read(data, 0, data.length);
                    out.write(java.util.Arrays.copyOf(data, read));
                }
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }
}
