package org.jtee.xtest.ta.concurrentlarge;

import org.jtee.ta.Ta;
import org.jtee.ta.TaContext;
import org.jtee.xtest.ta.common.ConcurrentTa;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's concurrent_large test TA: concurrent with a 2 MiB data segment, here a 2 MiB array
 * each instance's host allocates when the class is initialised, and a {@code gpd.ta.dataSize}
 * that asks the heap for it (xtest 1013). Commands:
 * {@link org.jtee.xtest.ta.common.ConcurrentContract}.
 */
@Ta(uuid = XtestTaUuids.CONCURRENT_LARGE, version = "1.0", stackSize = 2 * 1024,
        dataSize = ConcurrentLargeTa.DATA_BYTES + 32 * 1024, description = "xtest: concurrent_large")
public final class ConcurrentLargeTa extends ConcurrentTa {
    static final int DATA_BYTES = 2 * 1024 * 1024;
    private static final int PAGE_BYTES = 4096;

    /** The large data: written page by page at create, so that it is really held. */
    private static final byte[] DATA = new byte[DATA_BYTES];

    @Override
    public void create(TaContext ta) {
        for (int i = 0; i < DATA.length; i += PAGE_BYTES) {
            DATA[i] = (byte) (i / PAGE_BYTES);
        }
    }
}
