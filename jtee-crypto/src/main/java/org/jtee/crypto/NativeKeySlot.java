package org.jtee.crypto;

import java.util.function.Supplier;

import org.jtee.os.EvpPrivateKey;

/**
 * Where a key object keeps its private key in OpenSSL ({@link NativeCrypto}): made the first time
 * an operation signs or decrypts with it, and shared by the object and every copy that operations
 * take of it ({@link TransientObject#snapshot()}), so that a key is converted once however many
 * operations use it (a PKCS#11 token signs with a new operation each time). Each holder — the
 * object, each copy — releases its share when it is reset, refilled or closed; the last release
 * frees the native key (and {@link EvpPrivateKey}'s cleaner frees it if nobody does).
 *
 * <p>Thread-safe: an object and its copies may live in different threads.
 */
final class NativeKeySlot {
    private int holders = 1;
    private EvpPrivateKey key;
    private boolean refused;

    /** One more holder: a copy of the object. */
    synchronized NativeKeySlot share() {
        holders++;
        return this;
    }

    /** A holder lets go; the last one frees the key. */
    synchronized void release() {
        if (--holders == 0 && key != null) {
            key.close();
            key = null;
        }
    }

    /**
     * The key, made by {@code convert} on the first call; {@code null} if {@code convert} gave
     * none (OpenSSL refused it: not asked again) or every holder has let go.
     */
    synchronized EvpPrivateKey get(Supplier<EvpPrivateKey> convert) {
        if (key == null && !refused && holders > 0) {
            key = convert.get();
            refused = key == null;
        }
        return key;
    }
}
