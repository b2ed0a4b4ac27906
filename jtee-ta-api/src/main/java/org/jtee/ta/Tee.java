package org.jtee.ta;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Functions of the GP Internal Core API that need no context: panic and random numbers. */
public final class Tee {
    private static final SecureRandom RANDOM = newDrbg();

    private Tee() {}

    /** {@code TEE_Panic}: ends this TA instance. Never returns. */
    public static TaPanic panic(int code) {
        throw new TaPanic(code, "TEE_Panic called by the TA");
    }

    /** {@code TEE_GenerateRandom}: fills {@code buffer} from a NIST SP 800-90A DRBG. */
    public static void generateRandom(byte[] buffer) {
        RANDOM.nextBytes(buffer);
    }

    /** {@code n} random bytes. */
    public static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the platform offers no 256-bit DRBG", e);
        }
    }
}
