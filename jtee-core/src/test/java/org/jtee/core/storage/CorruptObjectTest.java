package org.jtee.core.storage;

import static org.jtee.core.storage.StorageFixture.as;
import static org.jtee.core.storage.StorageFixture.run;
import static org.jtee.core.storage.TaStorageTest.assertPanics;
import static org.jtee.core.storage.TaStorageTest.assertResult;
import static org.jtee.core.storage.TaStorageTest.id;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_READ;
import static org.jtee.crypto.TeeStorage.PRIVATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.PersistentObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent object that fails its integrity check is handled as OP-TEE handles it: deleted,
 * and the handle closed unless the TA sets {@code gpd.ta.doesNotCloseHandleOnCorruptObject}.
 */
class CorruptObjectTest {
    static final UUID TA = UUID.fromString("c0a1b2c3-d4e5-4f60-8172-8394a5b6c7d8");

    @TempDir
    Path dir;
    StorageFixture tee;
    FaultyStore faults;

    @BeforeEach
    void setUp() throws TeeException {
        tee = new StorageFixture(dir, store -> faults = new FaultyStore(store));
        run(tee.instance(TA), () -> PersistentObject.create(PRIVATE, id("x"), 0, new byte[] {1, 2, 3}).close());
    }

    @AfterEach
    void tearDown() {
        tee.close();
    }

    private void assertDeleted() {
        faults.corruptData = false;
        faults.corruptNames = false;
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(tee.instance(TA), () -> PersistentObject.open(PRIVATE, id("x"), 0)));
    }

    @Test
    void aCorruptRead_deletesTheObject_andClosesTheHandle() throws TeeException {
        TaStorage ta = tee.instance(TA);
        PersistentObject o = as(ta, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_ACCESS_READ));
        faults.corruptData = true;
        assertResult(TeeResult.CORRUPT_OBJECT, () -> as(ta, () -> o.read(new byte[3], 0, 3)));
        assertPanics(TeeResult.BAD_STATE, o::info);
        assertEquals(0, ta.handleCount());
        assertEquals(0, tee.service.openObjects());
        assertDeleted();
    }

    @Test
    void aTaThatKeepsItsHandle_keepsGettingCorruptObject() throws TeeException {
        TaStorage ta = tee.service.forInstance(TA, true);
        PersistentObject o = as(ta, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_ACCESS_READ));
        faults.corruptData = true;
        assertResult(TeeResult.CORRUPT_OBJECT, () -> as(ta, () -> o.read(new byte[3], 0, 3)));
        faults.corruptData = false;
        assertResult(TeeResult.CORRUPT_OBJECT, () -> as(ta, () -> o.read(new byte[3], 0, 3)));
        assertEquals(1, ta.handleCount());
        run(ta, o::close);
        assertDeleted();
    }

    @Test
    void anObjectFoundCorruptOnOpen_isDeleted() {
        faults.corruptNames = true;
        assertResult(TeeResult.CORRUPT_OBJECT, () -> as(tee.instance(TA), () -> PersistentObject.open(PRIVATE, id("x"), 0)));
        assertDeleted();
    }

    @Test
    void anObjectFoundCorruptOnOpen_whileAnotherHandleHasIt_isLeftToThatHandle() throws TeeException {
        TaStorage holder = tee.instance(TA);
        as(holder, () -> PersistentObject.open(PRIVATE, id("x"), org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_READ));
        faults.corruptNames = true;
        assertResult(TeeResult.CORRUPT_OBJECT, () -> as(tee.instance(TA), () -> PersistentObject.open(PRIVATE, id("x"), 0)));
        faults.corruptNames = false;
        as(tee.instance(TA), () -> PersistentObject.open(PRIVATE, id("x"), org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_READ));
    }
}
