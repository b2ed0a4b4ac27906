package org.jtee.ta;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * Functions of the GP Internal Core API that need no context: panic and random numbers, and
 * OP-TEE's system PTA's {@code PTA_SYSTEM_ADD_RNG_ENTROPY}.
 */
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

    /** The smallest key {@link CallContext#deriveTaUniqueKey} derives, in bytes (OP-TEE's {@code TA_DERIVED_KEY_MIN_SIZE}). */
    public static final int TA_DERIVED_KEY_MIN_BYTES = 16;
    /** The largest key {@link CallContext#deriveTaUniqueKey} derives, in bytes (OP-TEE's {@code TA_DERIVED_KEY_MAX_SIZE}). */
    public static final int TA_DERIVED_KEY_MAX_BYTES = 32;
    /** The most extra data {@link CallContext#deriveTaUniqueKey} takes, in bytes (OP-TEE's {@code TA_DERIVED_EXTRA_DATA_MAX_SIZE}). */
    public static final int TA_DERIVED_EXTRA_DATA_MAX_BYTES = 1024;

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

    /**
     * OP-TEE's {@code PTA_SYSTEM_ADD_RNG_ENTROPY}: mixes {@code entropy} into the DRBG of
     * {@link #generateRandom}, which is reseeded at once (NIST SP 800-90A §9.2) with fresh entropy
     * from the platform's source and {@code entropy} as additional input. The bytes are mixed in,
     * never trusted as entropy, so whatever they are (known, repeated, attacker-chosen) they take
     * none away. Any length from 1 byte on is taken whole (OP-TEE's Fortuna pool reads at most 32
     * bytes of each event). The DRBG is shared by every TA of this process: in a TA host the one
     * instance, in the core every built-in TA.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} (origin TEE) if {@code entropy} is empty,
     *     as OP-TEE answers a size of 0
     */
    public static void addEntropy(byte[] entropy) throws TeeException {
        reseed(RANDOM, entropy);
    }

    /** {@link #addEntropy} on {@code drbg}. */
    static void reseed(SecureRandom drbg, byte[] entropy) throws TeeException {
        if (entropy.length == 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "no entropy to add");
        }
        drbg.reseed(DrbgParameters.reseed(false, entropy));
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
