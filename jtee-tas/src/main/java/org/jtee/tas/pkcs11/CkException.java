package org.jtee.tas.pkcs11;

/**
 * A PKCS#11 return value other than {@code CKR_OK}, thrown inside the TA and written as the
 * status word of the command that raised it. {@link #shortBuffer(int)} carries the size the
 * output would need ({@code CKR_BUFFER_TOO_SMALL}); the operation that threw it is left as it was.
 * The message names the problem for the core's log; it never holds a PIN or key material.
 */
public final class CkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int rv;
    private final int required;

    public CkException(int rv, String message) {
        this(rv, -1, message);
    }

    private CkException(int rv, int required, String message) {
        super(message, null, false, false);
        if (rv == Ck.CKR_OK) {
            throw new IllegalArgumentException("CKR_OK is not an error");
        }
        this.rv = rv;
        this.required = required;
    }

    /** {@code CKR_BUFFER_TOO_SMALL}: the output needs {@code required} bytes. */
    public static CkException shortBuffer(int required) {
        return new CkException(Ck.CKR_BUFFER_TOO_SMALL, required, "output buffer too small: " + required + " bytes needed");
    }

    /** The PKCS#11 return value. */
    public int rv() {
        return rv;
    }

    /** For {@code CKR_BUFFER_TOO_SMALL}, the bytes the output needs; otherwise -1. */
    public int required() {
        return required;
    }
}
