package org.jtee.tapkg;

/**
 * A TA image was refused. The message names the reason in words a developer can act on, for
 * example {@code "signature does not verify"}, {@code "truncated: ..."} or
 * {@code "not signed by a trusted key: ..."}; it never contains key material.
 */
public final class TaImageException extends Exception {
    public TaImageException(String reason) {
        super(reason);
    }

    public TaImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
