package org.jtee.xtest.ta.simskeepalive;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.SimsTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's sims_keepalive test TA: sims whose single instance outlives its last session, until it
 * panics (xtest 1021). Commands: {@link org.jtee.xtest.ta.common.SimsContract}.
 */
@Ta(uuid = XtestTaUuids.SIMS_KEEPALIVE, singleInstance = true, multiSession = true, instanceKeepAlive = true,
        version = "1.0", stackSize = 4 * 1024, dataSize = 64 * 1024,
        description = "xtest: sims_keepalive, single instance multi session keep alive")
public final class SimsKeepaliveTa extends SimsTa {}
