package org.jtee.xtest.ta.storage;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.StorageTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's storage test TA: GP trusted storage as xtest's 6000 series drives it. Flags none, so
 * every session has an instance of its own (6016 runs three sessions from three threads).
 * Commands: {@link org.jtee.xtest.ta.common.StorageContract}.
 */
@Ta(uuid = XtestTaUuids.STORAGE, version = "1.0", stackSize = 2 * 1024, dataSize = 64 * 1024,
        description = "xtest: storage, GP trusted storage")
public final class StorageTestTa extends StorageTa {}
