package org.jtee.xtest.ta.miss;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.SimsTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's miss test TA (multiple instances, single session): sims with no instance flags, so
 * every session has an instance of its own, counter 0, and a panic ends only that one
 * (xtest 1021). Commands: {@link org.jtee.xtest.ta.common.SimsContract}.
 */
@Ta(uuid = XtestTaUuids.MISS, version = "1.0", stackSize = 32 * 1024, dataSize = 32 * 1024,
        description = "xtest: miss, an instance per session")
public final class MissTa extends SimsTa {}
