package org.jtee.core.runtime;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.PropertySet;

/**
 * {@code TEE_PROPSET_TEE_IMPLEMENTATION} (GP Internal Core API §4.7, values as jtee provides
 * them). {@code gpd.tee.deviceID} is derived from the HUK, so it is stable per installation and
 * reveals nothing about the key.
 */
public final class TeeImplementationProperties {
    public static final String VERSION = "0.1.0";

    private TeeImplementationProperties() {}

    public static TeeProperties create(HardwareUniqueKey huk) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gpd.tee.apiversion", "1.3.1");
        p.put("gpd.tee.internalCore.version", 0x01030100L);
        p.put("gpd.tee.description", "jtee " + VERSION);
        p.put("gpd.tee.deviceID", deviceId(huk));
        p.put("gpd.tee.systemTime.protectionLevel", 100L);
        p.put("gpd.tee.TAPersistentTime.protectionLevel", 100L);
        // the bound of the TEE Arithmetical API; OP-TEE's default (CFG_TA_BIGNUM_MAX_BITS)
        p.put("gpd.tee.arith.maxBigIntSize", 2048L);
        // ECDSA and ECDH on the NIST curves (jtee-crypto, docs/ta-crypto.md)
        p.put("gpd.tee.cryptography.ecc", true);
        // the rollback anchor is a counter in the core's state directory, which the operating
        // system protects: "protected by the REE" in GP's terms, not tamper-resistant (docs/storage.md)
        p.put("gpd.tee.trustedStorage.antiRollback.protectionLevel", 100L);
        p.put("gpd.tee.trustedos.implementation.version", VERSION);
        p.put("gpd.tee.trustedos.implementation.binaryversion", 0x00000100L);
        p.put("gpd.tee.trustedos.manufacturer", "jtee");
        p.put("gpd.tee.firmware.implementation.version", VERSION);
        p.put("gpd.tee.firmware.implementation.binaryversion", 0x00000100L);
        p.put("gpd.tee.firmware.manufacturer", "jtee");
        return new PropertySet(p);
    }

    /** UUID (version 8, RFC 9562) from HMAC-SHA-256(HUK, "jtee device id"). */
    private static UUID deviceId(HardwareUniqueKey huk) {
        byte[] key = huk.key().toArray(ValueLayout.JAVA_BYTE);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal("jtee device id".getBytes(StandardCharsets.US_ASCII));
            h[6] = (byte) ((h[6] & 0x0f) | 0x80);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            return org.jtee.common.Uuids.fromBytes(h, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
