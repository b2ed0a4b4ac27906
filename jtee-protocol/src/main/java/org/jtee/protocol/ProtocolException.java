package org.jtee.protocol;

/** A frame that breaks the wire protocol. The peer that sent it loses its connection. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
