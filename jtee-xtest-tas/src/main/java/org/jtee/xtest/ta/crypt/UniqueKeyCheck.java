package org.jtee.xtest.ta.crypt;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Tee;

/**
 * The crypt TA's self-test of TA-unique keys (command DERIVE_TA_UNIQUE_KEY, xtest 4013), on
 * {@link CallContext#deriveTaUniqueKey}, where OP-TEE's TA calls its system PTA: the same input
 * gives the same key, with and without extra data; extra data changes the key; extra data over
 * the limit fails; key sizes outside 16..32 bytes fail and every size inside passes.
 */
final class UniqueKeyCheck {
    private static final byte[] EXTRA = "My dummy data\0".getBytes(StandardCharsets.US_ASCII);

    private UniqueKeyCheck() {}

    static void run(CallContext call) throws TeeException {
        boolean ok = Arrays.equals(derive(call, 32, null), derive(call, 32, null))
                && Arrays.equals(derive(call, 32, EXTRA), derive(call, 32, EXTRA))
                && !Arrays.equals(derive(call, 32, EXTRA), derive(call, 32, null));
        byte[] large = Arrays.copyOf(EXTRA, Tee.TA_DERIVED_EXTRA_DATA_MAX_BYTES + 1);
        ok &= fails(call, 32, large);
        for (int size = 0; size < 64 && ok; size++) {
            byte[] extra = size % 2 == 1 ? EXTRA : null;
            boolean inRange = size >= Tee.TA_DERIVED_KEY_MIN_BYTES && size <= Tee.TA_DERIVED_KEY_MAX_BYTES;
            ok = inRange != fails(call, size, extra);
        }
        if (!ok) {
            throw new TeeException(TeeResult.GENERIC, "crypt: TA-unique key derivation does not behave as expected");
        }
    }

    private static byte[] derive(CallContext call, int size, byte[] extra) throws TeeException {
        byte[] key = new byte[size];
        call.deriveTaUniqueKey(extra == null ? MemorySegment.NULL : MemorySegment.ofArray(extra), MemorySegment.ofArray(key));
        return key;
    }

    private static boolean fails(CallContext call, int size, byte[] extra) {
        try {
            derive(call, size, extra);
            return false;
        } catch (TeeException e) {
            return true;
        }
    }
}
