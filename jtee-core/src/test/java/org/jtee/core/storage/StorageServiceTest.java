package org.jtee.core.storage;

import static org.jtee.core.storage.StorageFixture.as;
import static org.jtee.core.storage.StorageFixture.run;
import static org.jtee.core.storage.TaStorageTest.assertResult;
import static org.jtee.core.storage.TaStorageTest.id;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectEnumerator;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage ids and the service with no storage at all. */
class StorageServiceTest {
    static final UUID TA = UUID.fromString("0e2c1b7a-5d6f-4a3b-9c8d-7e6f5a4b3c2d");

    @TempDir
    Path dir;

    @Test
    void private_andPrivateRee_areTheSameStorage() throws TeeException {
        try (StorageFixture tee = new StorageFixture(dir)) {
            TaStorage ta = tee.instance(TA);
            run(ta, () -> PersistentObject.create(TeeStorage.PRIVATE, id("x"), 0, new byte[] {5}).close());
            run(ta, () -> PersistentObject.open(TeeStorage.PRIVATE_REE, id("x"), 0).close());
        }
    }

    @Test
    void aStorageIdWithNoBackend_isItemNotFound() throws TeeException {
        try (StorageFixture tee = new StorageFixture(dir)) {
            TaStorage ta = tee.instance(TA);
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(ta, () -> PersistentObject.create(TeeStorage.PRIVATE_RPMB, id("x"), 0, null)));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(ta, () -> PersistentObject.open(0x80000200, id("x"), 0)));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(ta, () -> PersistentObject.create(0, id("x"), 0, null)));
        }
    }

    @Test
    void noStorageAtAll_isStorageNotAvailable_forEveryCall() {
        TaStorage ta = StorageService.unavailable().forInstance(TA, false);
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> as(ta, () -> PersistentObject.create(TeeStorage.PRIVATE, id("x"), 0, null)));
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> as(ta, () -> PersistentObject.open(0x1234, id("x"), 0)));
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> as(ta, ObjectEnumerator::allocate));
    }

    @Test
    void backendsMayOnlyBeTheReeAndRpmbIds() {
        try (StorageFixture tee = new StorageFixture(dir)) {
            assertThrows(IllegalArgumentException.class, () -> new StorageService(Map.of(TeeStorage.PRIVATE, tee.store)));
            assertThrows(IllegalArgumentException.class, () -> new StorageService(Map.of(0x80000200, tee.store)));
        }
    }
}
