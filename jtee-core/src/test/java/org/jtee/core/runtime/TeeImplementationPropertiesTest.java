package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.jtee.ta.TeeProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeeImplementationPropertiesTest {
    @TempDir
    Path dir;

    /** The {@code gpd.tee.*} properties GP lists and OP-TEE's os_test reads, each with its own type's getter. */
    @Test
    void everyStandardProperty_isEnumerated_andReadsAsItsType() throws Exception {
        try (HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(StateDirectory.prepare(dir.resolve("core")),
                new SecureRandom())) {
            TeeProperties tee = TeeImplementationProperties.create(huk);
            List<String> names = tee.names();
            for (String s : List.of("apiversion", "description", "trustedos.implementation.version",
                    "trustedos.manufacturer", "firmware.implementation.version", "firmware.manufacturer")) {
                assertTrue(names.contains("gpd.tee." + s), s);
                assertFalse(tee.getString("gpd.tee." + s).isEmpty(), s);
            }
            for (String u : List.of("systemTime.protectionLevel", "TAPersistentTime.protectionLevel",
                    "arith.maxBigIntSize", "trustedStorage.antiRollback.protectionLevel",
                    "trustedos.implementation.binaryversion", "firmware.implementation.binaryversion")) {
                assertTrue(names.contains("gpd.tee." + u), u);
                tee.getU32("gpd.tee." + u);
            }
            assertTrue(names.contains("gpd.tee.cryptography.ecc"));
            assertTrue(tee.getBool("gpd.tee.cryptography.ecc"), "ECDSA and ECDH exist");
            assertEquals(100, tee.getU32("gpd.tee.trustedStorage.antiRollback.protectionLevel"), "anchored by the core's own state");
            assertEquals(tee.getUuid("gpd.tee.deviceID"), tee.getUuid("gpd.tee.deviceID"));
            assertEquals(2048, tee.getU32("gpd.tee.arith.maxBigIntSize"));
        }
    }
}
