package org.jtee.protocol;

/**
 * Remote procedure calls from the core to the supplicant. Numbers are OP-TEE's
 * ({@code core/include/optee_rpc_cmd.h}); each constant documents its parameter slots.
 */
public final class Rpc {
    /**
     * LOAD_TA: the signed image {@code <uuid>.ta} from the supplicant's TA directories, in one
     * call (OP-TEE makes two: size, then bytes). The core verifies all of it before any use.
     * <pre>
     * [0] VALUE_IN    a = UUID bits 127..64, b = UUID bits 63..0
     * [1] TMEM_OUT    size = the largest image the core takes; back: the image
     * </pre>
     * {@code TEE_ERROR_ITEM_NOT_FOUND} if no directory has the file, {@code TEE_ERROR_SHORT_BUFFER}
     * if it is larger than [1].
     */
    public static final int LOAD_TA = 0;
    /** FS: the REE file system of secure storage. A later issue serves it. */
    public static final int FS = 2;
    /**
     * GET_TIME: the REE's wall-clock time.
     * <pre>[0] VALUE_OUT   a = seconds since the epoch, b = nanoseconds (0..999,999,999)</pre>
     */
    public static final int GET_TIME = 3;

    private Rpc() {}

    public static String name(int command) {
        return switch (command) {
            case LOAD_TA -> "LOAD_TA";
            case FS -> "FS";
            case GET_TIME -> "GET_TIME";
            default -> "RPC " + command;
        };
    }
}
