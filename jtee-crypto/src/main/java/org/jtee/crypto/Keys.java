package org.jtee.crypto;

/** The operation's copies of its keys: reading the secret value, and wiping. */
final class Keys {
    private Keys() {}

    /** The secret value of a symmetric key (the array itself), {@code null} for no key. */
    static byte[] secret(TransientObject key) {
        return key == null ? null : key.buffer(TeeAttr.SECRET_VALUE);
    }

    /**
     * Wipes an operation's key copy: {@link TransientObject#close()} zeroes every attribute.
     */
    static void wipe(TransientObject key) {
        if (key != null) {
            key.close();
        }
    }
}
