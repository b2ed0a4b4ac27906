package org.jtee.crypto;

import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.ta.TaPanic;

/**
 * The algorithm behind one asymmetric-cipher, signature, key-derivation or key-encapsulation
 * {@link Operation}: {@link AsymmetricAlgorithms#create} makes one per operation, {@link Operation}
 * checks the GP state rules, key usage and output sizes around it, and calls one of the methods
 * below for the operation's class and mode. An engine keeps nothing between calls but the key it
 * was given (and what it derives from it, such as a parsed JCA key).
 *
 * <p>Results: a GP error result is a {@link TeeException} (its origin is left to the caller); a
 * case where GP or OP-TEE panics is a {@link TaPanic}. A method the algorithm does not have is never
 * called ({@link Operation} checks the class and mode first).
 */
abstract class AsymmetricEngine {

    /**
     * {@code TEE_SetOperationKey} / {@code TEE_SetOperationKey2} (two keys for SM2 KEP): the
     * operation's copies of the keys, already checked against the algorithm's key type and the
     * operation's maximum size. Called again after every key change.
     */
    abstract void setKey(TransientObject key, TransientObject key2) throws TeeException;

    /** {@code TEE_AsymmetricEncrypt}: the whole output (the caller checks it fits). */
    byte[] encrypt(List<Attribute> params, byte[] src) throws TeeException {
        throw new UnsupportedOperationException();
    }

    /** {@code TEE_AsymmetricDecrypt}. */
    byte[] decrypt(List<Attribute> params, byte[] src) throws TeeException {
        throw new UnsupportedOperationException();
    }

    /** The length in bytes of the signatures {@link #sign} makes with the current key. */
    int signatureLength() {
        throw new UnsupportedOperationException();
    }

    /** {@code TEE_AsymmetricSignDigest} (the message itself for Ed25519 and ML-DSA). */
    byte[] sign(List<Attribute> params, byte[] digest) throws TeeException {
        throw new UnsupportedOperationException();
    }

    /** {@code TEE_AsymmetricVerifyDigest}: whether the signature is valid. */
    boolean verify(List<Attribute> params, byte[] digest, byte[] signature) throws TeeException {
        throw new UnsupportedOperationException();
    }

    /**
     * {@code TEE_DeriveKey}: fills {@code derived} (through {@link TransientObject#install}), which
     * the caller has checked is an allocated, uninitialized object of a type GP allows.
     */
    void derive(List<Attribute> params, TransientObject derived) throws TeeException {
        throw new UnsupportedOperationException();
    }

    /** ML-KEM encapsulation: fills {@code sharedSecret}, returns the ciphertext. jtee extension. */
    byte[] encapsulate(TransientObject sharedSecret) throws TeeException {
        throw new UnsupportedOperationException();
    }

    /** ML-KEM decapsulation of {@code ciphertext} into {@code sharedSecret}. jtee extension. */
    void decapsulate(byte[] ciphertext, TransientObject sharedSecret) throws TeeException {
        throw new UnsupportedOperationException();
    }
}
