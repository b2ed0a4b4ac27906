package org.jtee.core.ta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.runtime.LocalStores;
import org.jtee.storage.LogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version floors as core objects in trusted storage, and the move of the old file into them. */
class VersionFloorsTest {
    static final UUID A = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
    static final UUID B = UUID.fromString("b6c53aba-9669-4668-a7f2-205629d00f86");

    @TempDir
    Path dir;
    LocalStores stores;

    @BeforeEach
    void open() throws Exception {
        stores = LocalStores.open(dir);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private VersionFloors floors() {
        return new VersionFloors(stores.objects(), stores.stateDirectory());
    }

    private Path legacyFile() {
        return stores.stateDirectory().resolve(VersionFloors.LEGACY_FILE);
    }

    private long commits() throws TeeException {
        return ((LogStore) stores.storage().ree()).commitSequence();
    }

    @Test
    void nothingStored_everyFloorIsZero() throws Exception {
        assertEquals(0, floors().floor(A));
    }

    @Test
    void raise_survivesARestart_andNeverGoesDown() throws Exception {
        VersionFloors v = floors();
        v.raise(A, 0x10203);
        v.raise(B, 7);
        v.raise(A, 0x10000);
        assertEquals(0x10203, v.floor(A));
        stores.restart();
        VersionFloors again = floors();
        assertEquals(0x10203, again.floor(A));
        assertEquals(7, again.floor(B));
    }

    @Test
    void reset_forgetsOneFloor_durably_andItRisesAgainFromZero() throws Exception {
        VersionFloors v = floors();
        v.raise(A, 0x10100);
        v.raise(B, 7);
        assertEquals(0x10100, v.reset(A));
        assertEquals(0, v.floor(A));
        assertEquals(7, v.floor(B), "the other TA keeps its floor");
        stores.restart();
        VersionFloors again = floors();
        assertEquals(0, again.floor(A), "the reset is stored");
        assertEquals(0, again.reset(A), "nothing left to forget");
        again.raise(A, 0x10000);
        assertEquals(0x10000, again.floor(A));
    }

    @Test
    void aRaise_isOneCommit_andOneThatChangesNothing_none() throws Exception {
        VersionFloors v = floors();
        v.floor(A);
        long before = commits();
        v.raise(A, 5);
        assertEquals(before + 1, commits());
        v.raise(A, 5);
        v.raise(A, 3);
        assertEquals(before + 1, commits());
    }

    @Test
    void theOldFile_isImported_thenDeleted_andTheFloorsStayAfterARestart() throws Exception {
        Files.writeString(legacyFile(), A + " 3\n" + B + " 65536\n");
        assertEquals(3, floors().floor(A));
        assertTrue(Files.notExists(legacyFile()), "the old file is gone once imported");
        stores.restart();
        VersionFloors again = floors();
        assertEquals(3, again.floor(A));
        assertEquals(65536, again.floor(B));
    }

    @Test
    void importingTheOldFile_neverLowersAStoredFloor() throws Exception {
        floors().raise(A, 9);
        Files.writeString(legacyFile(), A + " 4\n" + B + " 2\n");
        stores.restart();
        VersionFloors again = floors();
        assertEquals(9, again.floor(A));
        assertEquals(2, again.floor(B));
    }

    /** A crash after the import and before the delete leaves the file: importing it again is harmless. */
    @Test
    void theOldFileImportedTwice_asAfterACrashBeforeItsDelete_changesNothing() throws Exception {
        String old = A + " 3\n";
        Files.writeString(legacyFile(), old);
        VersionFloors first = floors();
        assertEquals(3, first.floor(A));
        first.raise(A, 6);
        Files.writeString(legacyFile(), old);
        stores.restart();
        assertEquals(6, floors().floor(A));
        assertTrue(Files.notExists(legacyFile()));
    }

    @Test
    void aMalformedOldFile_failsEveryCheckClosed_namingTheLine_andStays() throws Exception {
        Files.writeString(legacyFile(), A + " 3\nnot a line\n");
        TeeException e = assertThrows(TeeException.class, () -> floors().floor(B));
        assertEquals(TeeResult.SECURITY, e.result());
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains(VersionFloors.LEGACY_FILE), e.getMessage());
        assertTrue(Files.exists(legacyFile()), "nothing is guessed and nothing is deleted");
    }

    @Test
    void withoutTheSupplicant_aCheckFailsClosed_andWorksOnceItAnswers() throws Exception {
        floors().raise(A, 4);
        stores.restart();
        stores.setAvailable(false);
        VersionFloors v = floors();
        TeeException e = assertThrows(TeeException.class, () -> v.floor(A));
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, e.result());
        stores.setAvailable(true);
        assertEquals(4, v.floor(A));
    }

    @Test
    void aRaiseThatCannotBeStored_holdsInMemory_andTheNextRaiseStoresIt() throws Exception {
        VersionFloors v = floors();
        v.raise(A, 2);
        stores.setAvailable(false);
        assertThrows(TeeException.class, () -> v.raise(A, 8));
        assertEquals(8, v.floor(A), "this core refuses older versions all the same");
        stores.setAvailable(true);
        v.raise(A, 8);
        stores.restart();
        assertEquals(8, floors().floor(A));
    }
}
