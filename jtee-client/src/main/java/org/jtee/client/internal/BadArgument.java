package org.jtee.client.internal;

/**
 * An argument the client library refuses before anything is sent ({@code TEE_ERROR_BAD_PARAMETERS}
 * with origin {@code API} in the public API, prefixed with the operation). Internal: carries only
 * the detail, so the hot path builds no message unless something is wrong.
 */
public final class BadArgument extends Exception {
    private static final long serialVersionUID = 1L;

    public BadArgument(String detail) {
        super(detail, null, false, false);
    }
}
