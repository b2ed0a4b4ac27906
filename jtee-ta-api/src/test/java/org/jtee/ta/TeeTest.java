package org.jtee.ta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.security.SecureRandomParameters;
import java.security.SecureRandomSpi;
import java.util.Arrays;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/** {@link Tee#addEntropy}: OP-TEE's {@code PTA_SYSTEM_ADD_RNG_ENTROPY}. */
class TeeTest {
    /** A DRBG that only records how it was reseeded. */
    private static final class RecordingSpi extends SecureRandomSpi {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        transient SecureRandomParameters reseeded;

        @Override
        protected void engineSetSeed(byte[] seed) {
            throw new AssertionError("setSeed would take the bytes as entropy input");
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {}

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return new byte[numBytes];
        }

        @Override
        protected void engineReseed(SecureRandomParameters params) {
            reseeded = params;
        }
    }

    private static SecureRandom recording(RecordingSpi spi) {
        return new SecureRandom(spi, null) {
            @java.io.Serial
            private static final long serialVersionUID = 1L;
        };
    }

    @Test
    void addEntropy_reseedsAtOnce_withFreshEntropy_andTheBytesAsAdditionalInput() throws TeeException {
        RecordingSpi spi = new RecordingSpi();
        byte[] entropy = {1, 2, 3, 4, 5};
        Tee.reseed(recording(spi), entropy);
        DrbgParameters.Reseed r = (DrbgParameters.Reseed) spi.reseeded;
        assertArrayEquals(entropy, r.getAdditionalInput());
        assertFalse(r.getPredictionResistance(), "a reseed, which draws fresh entropy; prediction resistance is not asked for");
    }

    @Test
    void addEntropy_empty_badParametersFromTheTee_drbgUntouched() {
        RecordingSpi spi = new RecordingSpi();
        TeeException e = assertThrows(TeeException.class, () -> Tee.reseed(recording(spi), new byte[0]));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        assertNull(spi.reseeded);
        assertThrows(TeeException.class, () -> Tee.addEntropy(new byte[0]));
        assertThrows(NullPointerException.class, () -> Tee.addEntropy(null));
    }

    @Test
    void addEntropy_anyLength_thenRandomGoesOn_neverRepeating() throws TeeException {
        Tee.addEntropy(new byte[1]);
        Tee.addEntropy(new byte[1 << 20]);
        byte[] first = Tee.random(32);
        Tee.addEntropy(new byte[32]);
        byte[] second = Tee.random(32);
        Tee.addEntropy(new byte[32]);
        assertFalse(Arrays.equals(first, second), "known bytes mixed in do not make the DRBG repeat itself");
        assertFalse(Arrays.equals(new byte[32], Tee.random(32)));
    }
}
