package org.jtee.xtest.ta.storage2;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.StorageTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's storage2 test TA: the storage TA's code under another UUID, so with objects of its
 * own (xtest 6015, 6019). Single instance and not multi session, as OP-TEE declares it: one
 * session at a time. Commands: {@link org.jtee.xtest.ta.common.StorageContract}.
 */
@Ta(uuid = XtestTaUuids.STORAGE2, singleInstance = true, version = "1.0", stackSize = 2 * 1024,
        dataSize = 32 * 1024, description = "xtest: storage2, GP trusted storage under a second UUID")
public final class Storage2Ta extends StorageTa {}
