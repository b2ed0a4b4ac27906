package org.jtee.core.pta;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Who is an administrator: a client application of the core's own user, by its peer credentials. */
class StorageAdminTest {
    @Test
    void aClientOfTheCoresUser_isAnAdministrator() {
        assertTrue(StorageAdmin.isAdministrator(OptionalLong.of(1000), 1000));
    }

    @Test
    void aClientOfAnotherUser_isNot_rootIncluded() {
        assertFalse(StorageAdmin.isAdministrator(OptionalLong.of(1001), 1000));
        assertFalse(StorageAdmin.isAdministrator(OptionalLong.of(0), 1000));
    }

    @Test
    void aCallWithNoClientApplication_aTaOrTheCore_isNot() {
        assertFalse(StorageAdmin.isAdministrator(OptionalLong.empty(), 1000));
    }
}
