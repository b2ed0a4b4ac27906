package org.jtee.client.internal;

/**
 * The connection to the core failed: it could not be written or read, the core closed it, broke
 * the protocol, or the context was closed. The public API turns it into
 * {@code TEE_ERROR_COMMUNICATION} with origin {@code COMMS}, prefixed with the operation.
 */
public final class ConnectionFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ConnectionFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
