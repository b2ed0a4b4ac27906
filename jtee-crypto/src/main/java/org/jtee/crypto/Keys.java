package org.jtee.crypto;

import java.util.Arrays;

/** The operation's copies of its keys: reading the secret value, and wiping. */
final class Keys {
    private Keys() {}

    /** The secret value of a symmetric key (the array itself), {@code null} for no key. */
    static byte[] secret(TransientObject key) {
        return key == null ? null : key.buffer(TeeAttr.SECRET_VALUE);
    }

    /**
     * Wipes an operation's key copy: the secret value's bytes are zeroed here, the rest is left to
     * {@link TransientObject#close()}.
     */
    static void wipe(TransientObject key) {
        if (key == null) {
            return;
        }
        byte[] secret = key.buffer(TeeAttr.SECRET_VALUE);
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
        key.close();
    }
}
