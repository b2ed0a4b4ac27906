package org.jtee.crypto;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_ERROR_SHORT_BUFFER}: an output buffer is too small. {@link #required()} is the size
 * GP writes back to the caller's length ({@code *destLen}); for the two outputs of
 * {@code TEE_AEEncryptFinal}, {@link #requiredTag()} is the tag's.
 */
public final class ShortBufferException extends TeeException {
    private static final long serialVersionUID = 1L;

    private final int required;
    private final int requiredTag;

    public ShortBufferException(int required, String message) {
        this(required, -1, message);
    }

    public ShortBufferException(int required, int requiredTag, String message) {
        super(TeeResult.SHORT_BUFFER, message);
        this.required = required;
        this.requiredTag = requiredTag;
    }

    /** The size, in bytes, the output needs. */
    public int required() {
        return required;
    }

    /** The size the tag output needs, or -1 where there is no second output. */
    public int requiredTag() {
        return requiredTag;
    }
}
