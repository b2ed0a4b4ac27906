package org.jtee.xtest.ta.concurrent;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.ConcurrentTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's concurrent test TA: an instance per session, counting parallel calls in the client's
 * shared memory (xtest 1005, 1013). Commands: {@link org.jtee.xtest.ta.common.ConcurrentContract}.
 */
@Ta(uuid = XtestTaUuids.CONCURRENT, version = "1.0", stackSize = 2 * 1024, dataSize = 32 * 1024,
        description = "xtest: concurrent")
public final class ConcurrentTestTa extends ConcurrentTa {}
