package org.jtee.ta;

/** Thrown by {@link Tee#panic(int)}. A TA never catches it; the core ends the instance. */
public final class TaPanic extends Error {
    private static final long serialVersionUID = 1L;

    private final int code;

    public TaPanic(int code, String message) {
        super(String.format("TA panic 0x%08x: %s", code, message));
        this.code = code;
    }

    /** The panic code the TA passed. */
    public int code() {
        return code;
    }
}
