package org.jtee.crypto;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * The engine an {@link Operation} drives: exactly one of digest, cipher, MAC, AE or asymmetric,
 * made once at allocation (JCA instances are costly to make and cheap to re-initialize).
 */
final class Engines {
    private final DigestEngine digest;
    private final CipherEngine cipher;
    private final MacEngine mac;
    private final AeEngine ae;
    private final AsymmetricEngine asymmetric;

    private Engines(DigestEngine digest, CipherEngine cipher, MacEngine mac, AeEngine ae, AsymmetricEngine asymmetric) {
        this.digest = digest;
        this.cipher = cipher;
        this.mac = mac;
        this.ae = ae;
        this.asymmetric = asymmetric;
    }

    /**
     * The engine for {@code spec} in {@code mode}.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} when this build has no engine for it
     */
    static Engines create(AlgorithmTable.Spec spec, int mode) throws TeeException {
        int alg = spec.algorithm();
        return switch (spec.operationClass()) {
            case TeeCrypto.OPERATION_DIGEST -> new Engines(DigestEngine.create(alg), null, null, null, null);
            case TeeCrypto.OPERATION_CIPHER -> new Engines(null, CipherEngine.create(alg), null, null, null);
            case TeeCrypto.OPERATION_MAC -> new Engines(null, null, MacEngine.create(alg), null, null);
            case TeeCrypto.OPERATION_AE -> new Engines(null, null, null, AeEngine.create(alg), null);
            default -> new Engines(null, null, null, null, asymmetric(alg, mode));
        };
    }

    private static AsymmetricEngine asymmetric(int alg, int mode) throws TeeException {
        try {
            return AsymmetricAlgorithms.create(alg, mode);
        } catch (TeeException e) {
            if (e.result() == TeeResult.NOT_SUPPORTED || e.result() == TeeResult.OUT_OF_MEMORY) {
                throw e;
            }
            throw new TaPanic(e.result(), "allocating the operation: " + e.getMessage());
        }
    }

    DigestEngine digest() {
        return digest;
    }

    CipherEngine cipher() {
        return cipher;
    }

    MacEngine mac() {
        return mac;
    }

    AeEngine ae() {
        return ae;
    }

    AsymmetricEngine asymmetric() {
        return asymmetric;
    }

    /**
     * Takes {@code other}'s state. An asymmetric engine keeps nothing but its key, which
     * {@link Operation#copyFrom} has already given it from the operation's own copy of the key
     * (sharing the source's key objects would leave the copy with what the source's
     * {@code close()} wipes).
     */
    void copyFrom(Engines other) {
        if (digest != null) {
            digest.copyFrom(other.digest);
        } else if (cipher != null) {
            cipher.copyFrom(other.cipher);
        } else if (mac != null) {
            mac.copyFrom(other.mac);
        } else if (ae != null) {
            ae.copyFrom(other.ae);
        }
    }

    /** Forgets keys and state. */
    void wipe() {
        if (digest != null) {
            digest.reset();
        } else if (cipher != null) {
            cipher.wipe();
        } else if (mac != null) {
            mac.wipe();
        } else if (ae != null) {
            ae.wipe();
        }
    }
}
