package org.jtee.crypto;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/** The asymmetric, key-derivation and KEM algorithms this build supports, and their engines. */
final class AsymmetricAlgorithms {
    private AsymmetricAlgorithms() {}

    /** Whether {@code algorithm} (on curve {@code element}, or {@link TeeCurve#NONE}) is supported. */
    static boolean isSupported(int algorithm, int element) {
        return false;
    }

    /** A new engine for {@code algorithm} in {@code mode}. */
    static AsymmetricEngine create(int algorithm, int mode) throws TeeException {
        throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("algorithm 0x%08X", algorithm));
    }
}
