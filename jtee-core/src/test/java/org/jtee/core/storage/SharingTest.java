package org.jtee.core.storage;

import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_READ;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_WRITE;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_READ;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GP §5.7.1's sharing rules: the rule itself over every pair of flag sets, and the same rule
 * holding between real handles on a real store, within one instance and across two instances of
 * the same TA.
 */
class SharingTest {
    private static final int R = DATA_FLAG_ACCESS_READ;
    private static final int W = DATA_FLAG_ACCESS_WRITE;
    private static final int META = DATA_FLAG_ACCESS_WRITE_META;
    private static final int SR = DATA_FLAG_SHARE_READ;
    private static final int SW = DATA_FLAG_SHARE_WRITE;
    private static final UUID TA = UUID.fromString("5ce0c432-0ab0-40e5-a056-782ca0e6aba2");
    private static final byte[] ID = {'s'};

    @TempDir
    Path dir;
    StorageFixture tee;

    @BeforeEach
    void setUp() throws TeeException {
        tee = new StorageFixture(dir);
        TaStorage maker = tee.instance(TA);
        StorageFixture.run(maker, () -> PersistentObject.create(TeeStorage.PRIVATE, ID, 0, new byte[] {1, 2, 3}).close());
        maker.close();
    }

    @AfterEach
    void tearDown() {
        tee.close();
    }

    /** Every combination of the five access and share bits. */
    static List<Integer> flagSets() {
        List<Integer> sets = new ArrayList<>();
        for (int bits = 0; bits < 32; bits++) {
            int f = 0;
            int[] all = {R, W, META, SR, SW};
            for (int i = 0; i < 5; i++) {
                if ((bits & (1 << i)) != 0) {
                    f |= all[i];
                }
            }
            sets.add(f);
        }
        return sets;
    }

    @Test
    void rule_isSymmetric_andWriteMetaIsExclusive() {
        for (int a : flagSets()) {
            for (int b : flagSets()) {
                assertEquals(Sharing.compatible(a, b), Sharing.compatible(b, a), a + " vs " + b);
                if (((a | b) & META) != 0) {
                    assertFalse(Sharing.compatible(a, b));
                }
            }
        }
    }

    @Test
    void rule_gpsCases() {
        assertTrue(Sharing.compatible(R | SR, R | SR), "two readers that share reading");
        assertFalse(Sharing.compatible(R, R | SR), "the first reader does not share");
        assertFalse(Sharing.compatible(R | SR, R), "the second reader does not share");
        assertTrue(Sharing.compatible(SR, R | SR), "share flags only: reading stays open to others");
        assertFalse(Sharing.compatible(SR, W | SR | SW), "share flags only: writing is locked out");
        assertFalse(Sharing.compatible(0, R | SR | SW), "no flags: every access is locked out");
        assertTrue(Sharing.compatible(0, 0), "no access beside no access");
        assertTrue(Sharing.compatible(R | W | SR | SW, R | W | SR | SW), "readers and writers that share both");
        assertTrue(Sharing.compatible(W | SW, W | SW), "two writers that share writing");
        assertFalse(Sharing.compatible(R | W | SR, R | SR), "a writer that does not share writing beside a reader");
    }

    @Test
    void secondOpen_followsTheRule_forEveryPair_acrossInstancesOfTheTa() throws TeeException {
        for (int first : flagSets()) {
            for (int second : flagSets()) {
                TaStorage a = tee.instance(TA);
                TaStorage b = tee.instance(TA);
                try {
                    StorageFixture.as(a, () -> PersistentObject.open(TeeStorage.PRIVATE, ID, first));
                    assertEquals(Sharing.compatible(first, second) ? 0 : TeeResult.ACCESS_CONFLICT, openResult(b, second),
                            String.format("open 0x%X, then 0x%X", first, second));
                } finally {
                    a.close();
                    b.close();
                }
            }
        }
        assertEquals(0, tee.service.openObjects(), "closing the instances released every handle");
    }

    @Test
    void aHandleClosed_nolongerCounts() throws TeeException {
        TaStorage a = tee.instance(TA);
        PersistentObject exclusive = StorageFixture.as(a, () -> PersistentObject.open(TeeStorage.PRIVATE, ID, R));
        assertEquals(TeeResult.ACCESS_CONFLICT, openResult(a, R | SR));
        StorageFixture.run(a, exclusive::close);
        assertEquals(0, openResult(a, R | SR));
        a.close();
    }

    /** The result of opening the object with {@code flags} in {@code ta}: 0 for success. */
    private static int openResult(TaStorage ta, int flags) {
        try {
            StorageFixture.as(ta, () -> PersistentObject.open(TeeStorage.PRIVATE, ID, flags));
            return 0;
        } catch (TeeException e) {
            return e.result();
        }
    }
}
