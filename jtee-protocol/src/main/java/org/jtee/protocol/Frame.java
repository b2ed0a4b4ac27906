package org.jtee.protocol;

/** A decoded frame: the request id from its header and the message in its body. */
public record Frame(long requestId, Message message) {}
