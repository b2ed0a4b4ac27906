package org.jtee.storage;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * One AES/GCM {@link Cipher} per thread, for the engine's many small encryptions: looking a
 * cipher up in the providers costs more than sealing a 4 KiB block. Each use initialises it
 * afresh with its own key and nonce.
 */
final class Gcm {
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private Gcm() {}

    /** This thread's cipher, to be initialised by the caller. */
    static Cipher cipher() {
        return CIPHER.get();
    }
}
