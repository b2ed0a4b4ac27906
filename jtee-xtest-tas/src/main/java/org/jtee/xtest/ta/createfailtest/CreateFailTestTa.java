package org.jtee.xtest.ta.createfailtest;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaContext;
import org.jtee.ta.TrustedApplication;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's create_fail_test TA: its create entry point fails with {@code TEE_ERROR_GENERIC}, so
 * every open session fails with it and leaves no instance behind (xtest 1008, "Create session
 * fail"). The other entry points are never reached.
 */
@Ta(uuid = XtestTaUuids.CREATE_FAIL_TEST, version = "1.0", stackSize = 1024, dataSize = 32 * 1024,
        description = "xtest: create_fail_test, whose create entry point fails")
public final class CreateFailTestTa implements TrustedApplication<Void> {
    @Override
    public void create(TaContext ta) throws TeeException {
        throw new TeeException(TeeResult.GENERIC, "create_fail_test fails its create entry point on purpose");
    }

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        throw new TeeException(TeeResult.NOT_SUPPORTED, "create_fail_test has no commands");
    }
}
