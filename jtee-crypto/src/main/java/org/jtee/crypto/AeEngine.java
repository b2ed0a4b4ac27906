package org.jtee.crypto;

import java.nio.ByteBuffer;

import org.jtee.common.TeeException;

/**
 * The authenticated encryption behind an AE {@link Operation}: AES-GCM ({@link Gcm}) and AES-CCM
 * ({@link Ccm}), both streaming (plaintext comes out of every update, in decryption too, as from
 * OP-TEE) and both copyable mid-stream.
 */
abstract class AeEngine {

    /** The engine for {@code TEE_ALG_AES_GCM} or {@code TEE_ALG_AES_CCM}. */
    static AeEngine create(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.AES_GCM -> new Gcm();
            case TeeAlg.AES_CCM -> new Ccm();
            default -> throw new IllegalArgumentException(String.format("no AE 0x%08X", algorithm));
        };
    }

    /**
     * {@code TEE_AEInit}'s engine part.
     *
     * @param tagLength the tag length in bytes
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} for a tag length the mode does not have
     */
    abstract void init(boolean encrypt, byte[] key, byte[] nonce, int tagLength, long aadLength, long payloadLength)
            throws TeeException;

    /** Authenticates all of {@code aad}. */
    abstract void updateAad(ByteBuffer aad);

    /** Encrypts or decrypts all of {@code src} into {@code dst}; returns the bytes written. */
    abstract int update(ByteBuffer src, ByteBuffer dst);

    /** The last bytes, and the tag into {@code tag} (its length is the init's tag length). */
    abstract int encryptFinal(ByteBuffer src, ByteBuffer dst, byte[] tag);

    /**
     * The last bytes, checked against {@code tag}.
     *
     * @throws TeeException {@code TEE_ERROR_MAC_INVALID}
     */
    abstract int decryptFinal(ByteBuffer src, ByteBuffer dst, byte[] tag) throws TeeException;

    /** Takes {@code other}'s key and state ({@code TEE_CopyOperation}). */
    abstract void copyFrom(AeEngine other);

    /** Forgets key and state. */
    abstract void wipe();
}
