package org.jtee.xtest.ta.sims;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.SimsTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's sims test TA: single instance, multi session, so every session shares the slots and
 * sees the count of sessions opened before it; the instance ends with its last session
 * (xtest 1012, 1021, 1040). Commands: {@link org.jtee.xtest.ta.common.SimsContract}.
 */
@Ta(uuid = XtestTaUuids.SIMS, singleInstance = true, multiSession = true, version = "1.0",
        stackSize = 4 * 1024, dataSize = 64 * 1024, description = "xtest: sims, single instance multi session")
public final class SimsTestTa extends SimsTa {}
