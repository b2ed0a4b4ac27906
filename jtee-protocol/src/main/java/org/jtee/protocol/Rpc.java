package org.jtee.protocol;

/**
 * Remote procedure calls from the core to the supplicant. Numbers are OP-TEE's
 * ({@code core/include/optee_rpc_cmd.h}); each constant documents its parameter slots. A TA host
 * sends RPCs to the core too: {@link #GET_TIME}, which the core asks of the supplicant, and
 * jtee's own commands from {@code 0x10000} on, which the core serves itself and no supplicant
 * ever sees.
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
    /**
     * RPMB: OP-TEE's request to the RPMB device the supplicant emulates (device 0), kept in a
     * file that every authenticated write updates atomically and durably. Header little-endian,
     * frames big-endian (JEDEC); the layout is in {@link RpmbFrames}, the emulation in
     * {@code docs/storage-rpc.md}, "RPMB RPC".
     * <pre>
     * [0] TMEM_IN     u16 cmd (0 data, 1 device info) | u16 dev_id | u16 block_count, then cmd 0's frames
     * [1] TMEM_OUT    cmd 0: size = the response frames × 512; cmd 1: size = 19, the device info
     * </pre>
     * The device's results are in the response frames; the RPC fails only for a malformed
     * request ({@code TEE_ERROR_BAD_PARAMETERS}), another device ({@code TEE_ERROR_ITEM_NOT_FOUND})
     * or a device image that cannot be opened ({@code TEE_ERROR_GENERIC}).
     */
    public static final int RPMB = 1;
    /**
     * FS: the files of secure storage's REE file system, in the supplicant's storage directory.
     * jtee's own layout (the supplicant is jtee's), one stateless call per operation; the
     * sub-commands, limits and name rule are in {@link FsRpc}, the details in
     * {@code docs/storage-rpc.md}, "FS RPC".
     * <pre>
     * [0] VALUE_IN    a = sub-command (LIST 1, READ 2, WRITE 3, PREALLOCATE 4, TRUNCATE 5, REMOVE 6),
     *                 b = offset (READ, WRITE) or length (PREALLOCATE, TRUNCATE),
     *                 c = length (READ) or flags (WRITE: bit 0 = sync)
     * [1] TMEM_IN     the file name: 1..64 of [a-z0-9.-], not starting with '.' (LIST: a name prefix)
     * [2] TMEM_IN     WRITE: the data, at most 4 MiB
     *     TMEM_OUT    READ: size = length, at most 4 MiB; back: the bytes (fewer at the end of the file)
     *                 LIST: size = the buffer, at most 4 MiB; back: u32 count, {u8 n, name, u64 size}...
     * </pre>
     * {@code TEE_ERROR_ITEM_NOT_FOUND} for a missing file (READ, TRUNCATE),
     * {@code TEE_ERROR_STORAGE_NO_SPACE} when the disk is full, {@code TEE_ERROR_BAD_PARAMETERS}
     * for a bad name, slot or size, {@code TEE_ERROR_SHORT_BUFFER} for a listing larger than [2],
     * {@code TEE_ERROR_GENERIC} for any other I/O error.
     */
    public static final int FS = 2;
    /**
     * GET_TIME: the REE's wall-clock time.
     * <pre>[0] VALUE_OUT   a = seconds since the epoch, b = nanoseconds (0..999,999,999)</pre>
     */
    public static final int GET_TIME = 3;
    /**
     * GET_TA_TIME, TA host to core: {@code TEE_GetTAPersistentTime} of the host's TA (the core
     * knows which TA that is; the host does not say).
     * <pre>[0] VALUE_OUT   a = seconds (u32), b = milliseconds (0..999)</pre>
     * The result is GP's: {@code TEE_SUCCESS}; {@code TEE_ERROR_OVERFLOW} with the wrapped time in
     * [0]; {@code TEE_ERROR_TIME_NOT_SET} or {@code TEE_ERROR_TIME_NEEDS_RESET}.
     */
    public static final int GET_TA_TIME = 0x10000;
    /**
     * SET_TA_TIME, TA host to core: {@code TEE_SetTAPersistentTime} of the host's TA.
     * <pre>[0] VALUE_IN    a = seconds (u32), b = milliseconds (0..999)</pre>
     * {@code TEE_ERROR_BAD_PARAMETERS} for seconds above {@code 2^32 - 1} or milliseconds above
     * 999; {@code TEE_ERROR_STORAGE_NO_SPACE} if the core cannot store the time.
     */
    public static final int SET_TA_TIME = 0x10001;
    /**
     * DERIVE_TA_UNIQUE_KEY, TA host to core: a key unique to the host's TA, derived from the HUK
     * (OP-TEE's system PTA's {@code PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY}; the TA's
     * {@code CallContext.deriveTaUniqueKey}).
     * <pre>
     * [0] TMEM_IN     the extra data, 0..1024 bytes
     * [1] TMEM_OUT    size = the key's size, 16..32 bytes; back: the key
     * </pre>
     * {@code TEE_ERROR_BAD_PARAMETERS} for other slots or sizes. The host checks that the TA's
     * buffer for the key is the TA's own memory before it asks.
     */
    public static final int DERIVE_TA_UNIQUE_KEY = 0x10002;
    /**
     * STORAGE, TA host to core: one call of the host's TA into the GP persistent-object API
     * ({@code PersistentObject}, {@code ObjectEnumerator}), served by the core's storage layer
     * on the objects of the host's TA (the core knows which TA that is; the host does not say).
     * <pre>
     * [0] TMEM_IN     the request, as {@link StorageRpc} encodes it
     * [1] TMEM_OUT    size = {@link StorageRpc#MAX_MESSAGE_BYTES}; back: the reply, as {@link StorageRpc} encodes it
     * </pre>
     * The RPC's result is {@code TEE_SUCCESS} when [1] holds a reply, whose own result is the GP
     * one; {@code TEE_ERROR_BAD_PARAMETERS} for other slots or a request that does not decode.
     */
    public static final int STORAGE = 0x10003;

    private Rpc() {}

    public static String name(int command) {
        return switch (command) {
            case LOAD_TA -> "LOAD_TA";
            case RPMB -> "RPMB";
            case FS -> "FS";
            case GET_TIME -> "GET_TIME";
            case GET_TA_TIME -> "GET_TA_TIME";
            case SET_TA_TIME -> "SET_TA_TIME";
            case DERIVE_TA_UNIQUE_KEY -> "DERIVE_TA_UNIQUE_KEY";
            case STORAGE -> "STORAGE";
            default -> "RPC " + command;
        };
    }
}
