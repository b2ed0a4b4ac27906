package org.jtee.protocol;

/**
 * The three links of the core, each named after the side that is not the core: that side
 * starts the link with HELLO ({@link Handshake}) and the core accepts it.
 *
 * <p>Each link carries only some message types, in one direction or both, as {@link MessageType}
 * lists them. Both ends check every frame they read, the core with {@link #checkToCore} and the
 * other side with {@link #checkFromCore}:
 * <pre>{@code
 * Frame f = frames.read();
 * Link.CLIENT.checkToCore(f.message());   // in the core: "a client may not send LOAD_TA"
 * }</pre>
 * A type the link may carry can still be wrong in context (a second HELLO, a reply to no
 * request); the code that dispatches the frame checks that.
 */
public enum Link {
    /** An application using the Client API; its socket is the core's client socket. */
    CLIENT(Wire.ROLE_CLIENT, "client"),
    /** The normal-world services the core calls by RPC. */
    SUPPLICANT(Wire.ROLE_SUPPLICANT, "supplicant"),
    /** The JVM that runs one dynamic TA instance, on two pipes. */
    TA_HOST(Wire.ROLE_TA_HOST, "TA host");

    private final int role;
    private final String peer;

    Link(int role, String peer) {
        this.role = role;
        this.peer = peer;
    }

    /** The link whose initiating side announces {@code role} in HELLO, or null for an unknown role. */
    public static Link ofRole(int role) {
        for (Link l : values()) {
            if (l.role == role) {
                return l;
            }
        }
        return null;
    }

    /** The role the initiating side announces in HELLO ({@code Wire.ROLE_*}). */
    public int role() {
        return role;
    }

    /** The side that is not the core, in words: "client", "supplicant", "TA host". */
    public String peer() {
        return peer;
    }

    /** True if the initiating side may send frames of type {@code code} to the core. */
    public boolean allowsToCore(int code) {
        MessageType t = MessageType.of(code);
        return t != null && t.toCore().contains(this);
    }

    /** True if the core may send frames of type {@code code} on this link. */
    public boolean allowsFromCore(int code) {
        MessageType t = MessageType.of(code);
        return t != null && t.fromCore().contains(this);
    }

    /**
     * Checks a frame the core read on this link.
     *
     * @throws ProtocolException if this side may not send {@code message} to the core
     */
    public void checkToCore(Message message) throws ProtocolException {
        if (!allowsToCore(message.type())) {
            throw new ProtocolException("a " + peer + " may not send " + Wire.typeName(message.type()));
        }
    }

    /**
     * Checks a frame this side read from the core.
     *
     * @throws ProtocolException if the core may not send {@code message} on this link
     */
    public void checkFromCore(Message message) throws ProtocolException {
        if (!allowsFromCore(message.type())) {
            throw new ProtocolException("the core may not send " + Wire.typeName(message.type()) + " to a " + peer);
        }
    }
}
