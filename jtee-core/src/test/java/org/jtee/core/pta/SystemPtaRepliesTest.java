package org.jtee.core.pta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/** The system PTA's list replies: round trips, the documented bytes, and a strict reader. */
class SystemPtaRepliesTest {
    static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    static final List<SystemPtaReplies.StoreUsage> USAGE = List.of(
            new SystemPtaReplies.StoreUsage("ree", TeeResult.SUCCESS, 17, List.of(
                    new SystemPtaReplies.OwnerUsage(new UUID(0, 0), 3, 12_345),
                    new SystemPtaReplies.OwnerUsage(TA, 1, 5))),
            new SystemPtaReplies.StoreUsage("rpmb", TeeResult.STORAGE_NOT_AVAILABLE, -1, List.of()));

    static final List<SystemPtaReplies.SecureTa> TAS = List.of(
            new SystemPtaReplies.SecureTa(TA, 0xFFFF_FFFFL, 4096, "Ed25519", true));

    @Test
    void usage_roundTrips() {
        assertEquals(USAGE, SystemPtaReplies.decodeUsage(SystemPtaReplies.encodeUsage(USAGE)));
    }

    @Test
    void secureTas_roundTrip_withTheLargestVersion() {
        assertEquals(TAS, SystemPtaReplies.decodeSecureTas(SystemPtaReplies.encodeSecureTas(TAS)));
    }

    @Test
    void usage_hasTheDocumentedSize() {
        // u32 stores; "ree": 1+3, 16 of result/commits/owners, 2 owners of 28; "rpmb": 1+4, 16
        assertEquals(4 + 4 + 16 + 2 * 28 + 5 + 16, SystemPtaReplies.encodeUsage(USAGE).length);
    }

    @Test
    void everyCutOfAReply_isRefused_asIsATrailingByte() {
        byte[] usage = SystemPtaReplies.encodeUsage(USAGE);
        byte[] tas = SystemPtaReplies.encodeSecureTas(TAS);
        for (int n = 0; n < usage.length; n++) {
            byte[] cut = Arrays.copyOf(usage, n);
            assertThrows(IllegalArgumentException.class, () -> SystemPtaReplies.decodeUsage(cut), "cut at " + n);
        }
        for (int n = 0; n < tas.length; n++) {
            byte[] cut = Arrays.copyOf(tas, n);
            assertThrows(IllegalArgumentException.class, () -> SystemPtaReplies.decodeSecureTas(cut), "cut at " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> SystemPtaReplies.decodeSecureTas(Arrays.copyOf(tas, tas.length + 1)));
    }

    @Test
    void aCountPastTheBytes_isRefused() {
        byte[] usage = SystemPtaReplies.encodeUsage(USAGE);
        usage[3] = 100;
        assertThrows(IllegalArgumentException.class, () -> SystemPtaReplies.decodeUsage(usage));
    }
}
