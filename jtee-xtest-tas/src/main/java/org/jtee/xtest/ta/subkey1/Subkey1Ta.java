package org.jtee.xtest.ta.subkey1;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.EmptyTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's subkey1 test TA: every entry point succeeds. In OP-TEE it is signed with a chain of
 * sub-keys; here it is signed like every other test TA (xtest 1039 only opens a session).
 */
@Ta(uuid = XtestTaUuids.SUBKEY1, version = "1.0", stackSize = 2 * 1024, dataSize = 2 * 1024,
        description = "xtest: subkey1, an empty TA")
public final class Subkey1Ta extends EmptyTa {}
