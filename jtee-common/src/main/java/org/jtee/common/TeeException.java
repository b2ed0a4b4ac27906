package org.jtee.common;

/**
 * A GP result other than {@code TEE_SUCCESS}, with the origin that produced it. Thrown at every
 * API boundary of jtee: the client library, the TA API and the core.
 */
public class TeeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int result;
    private final int origin;
    private final String reason;

    public TeeException(int result, int origin, String message) {
        this(result, origin, message, null);
    }

    public TeeException(int result, int origin, String message, Throwable cause) {
        super(TeeResult.name(result) + " (origin " + ReturnOrigin.name(origin) + "): " + message, cause);
        if (result == TeeResult.SUCCESS) {
            throw new IllegalArgumentException("TEE_SUCCESS is not an error");
        }
        this.result = result;
        this.origin = origin;
        this.reason = message;
    }

    /** A TA's own error: origin {@link ReturnOrigin#TRUSTED_APP}. */
    public TeeException(int result, String message) {
        this(result, ReturnOrigin.TRUSTED_APP, message);
    }

    /** The GP result code ({@link TeeResult}). */
    public int result() {
        return result;
    }

    /** The return origin ({@link ReturnOrigin}). */
    public int origin() {
        return origin;
    }

    /**
     * The message as it was given, without the result and origin that {@link #getMessage()}
     * begins with; may be null.
     */
    public String reason() {
        return reason;
    }
}
