package org.jtee.xtest.ta.subkey2;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.EmptyTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's subkey2 test TA: every entry point succeeds. In OP-TEE it is signed with an identity
 * sub-key; here it is signed like every other test TA (xtest 1039 only opens a session).
 */
@Ta(uuid = XtestTaUuids.SUBKEY2, version = "1.0", stackSize = 2 * 1024, dataSize = 2 * 1024,
        description = "xtest: subkey2, an empty TA")
public final class Subkey2Ta extends EmptyTa {}
