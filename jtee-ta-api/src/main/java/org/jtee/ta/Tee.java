package org.jtee.ta;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Functions of the GP Internal Core API that need no context: panic and random numbers. */
public final class Tee {
    private static final SecureRandom RANDOM = newDrbg();

    /** {@code TEE_MEMORY_ACCESS_READ}: the TA may read the buffer. */
    public static final int MEMORY_ACCESS_READ = 0x1;
    /** {@code TEE_MEMORY_ACCESS_WRITE}: the TA may write the buffer. */
    public static final int MEMORY_ACCESS_WRITE = 0x2;
    /**
     * {@code TEE_MEMORY_ACCESS_ANY_OWNER}: the buffer may be shared with the client; without it,
     * {@link CallContext#checkMemoryAccessRights} refuses memory the client can change meanwhile.
     */
    public static final int MEMORY_ACCESS_ANY_OWNER = 0x4;

    /**
     * {@code TEE_TIMEOUT_INFINITE}: no timeout, for {@link CallContext#await} and the cancellation
     * timeouts of {@link CallContext#openTaSession(java.util.UUID, long, Parameters)} and
     * {@link TaSession#invoke(long, int, Parameters)}. Negative values mean none as well.
     */
    public static final long TIMEOUT_INFINITE = 0xFFFF_FFFFL;

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
