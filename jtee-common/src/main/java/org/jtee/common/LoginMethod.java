package org.jtee.common;

/** Login methods (GP TEE Client API §4.5.2, Internal Core API §4.2.4; OP-TEE values). */
public final class LoginMethod {
    public static final int PUBLIC = 0x00000000;
    public static final int USER = 0x00000001;
    public static final int GROUP = 0x00000002;
    public static final int APPLICATION = 0x00000004;
    public static final int USER_APPLICATION = 0x00000005;
    public static final int GROUP_APPLICATION = 0x00000006;
    /** OP-TEE: a kernel client. Never accepted from a user-space connection. */
    public static final int REE_KERNEL = 0x80000000;
    /** A TA calling another TA; set by the core, never by a client. */
    public static final int TRUSTED_APP = 0xF0000000;

    private LoginMethod() {}

    public static String name(int login) {
        return switch (login) {
            case PUBLIC -> "PUBLIC";
            case USER -> "USER";
            case GROUP -> "GROUP";
            case APPLICATION -> "APPLICATION";
            case USER_APPLICATION -> "USER_APPLICATION";
            case GROUP_APPLICATION -> "GROUP_APPLICATION";
            case REE_KERNEL -> "REE_KERNEL";
            case TRUSTED_APP -> "TRUSTED_APP";
            default -> String.format("0x%08x", login);
        };
    }
}
