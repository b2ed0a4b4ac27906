package org.jtee.crypto;

/**
 * The constants of GP trusted storage (GP TEE Internal Core API 1.3.1 §5.7–5.9) with OP-TEE's
 * values: storage ids, data flags, seek origins and bounds. jtee's {@link #PRIVATE} is the REE
 * file-system backend, as in OP-TEE when both backends are built.
 */
public final class TeeStorage {
    private TeeStorage() {}

    /** {@code TEE_STORAGE_PRIVATE}: the TA's private storage; jtee keeps it in the REE FS backend. */
    public static final int PRIVATE = 0x00000001;
    /** {@code TEE_STORAGE_PRIVATE_REE}: OP-TEE's REE file-system backend. */
    public static final int PRIVATE_REE = 0x80000000;
    /** {@code TEE_STORAGE_PRIVATE_RPMB}: OP-TEE's RPMB backend. */
    public static final int PRIVATE_RPMB = 0x80000100;

    /** {@code TEE_DATA_FLAG_ACCESS_READ}: the handle may read the data stream. */
    public static final int DATA_FLAG_ACCESS_READ = 0x00000001;
    /** {@code TEE_DATA_FLAG_ACCESS_WRITE}: the handle may write and truncate the data stream. */
    public static final int DATA_FLAG_ACCESS_WRITE = 0x00000002;
    /** {@code TEE_DATA_FLAG_ACCESS_WRITE_META}: the handle may rename and delete; exclusive. */
    public static final int DATA_FLAG_ACCESS_WRITE_META = 0x00000004;
    /** {@code TEE_DATA_FLAG_SHARE_READ}: other handles may read. */
    public static final int DATA_FLAG_SHARE_READ = 0x00000010;
    /** {@code TEE_DATA_FLAG_SHARE_WRITE}: other handles may write. */
    public static final int DATA_FLAG_SHARE_WRITE = 0x00000020;
    /** {@code TEE_DATA_FLAG_OVERWRITE}: a create replaces an object of the same id. */
    public static final int DATA_FLAG_OVERWRITE = 0x00000400;

    /** {@code TEE_DATA_SEEK_SET}. */
    public static final int SEEK_SET = 0;
    /** {@code TEE_DATA_SEEK_CUR}. */
    public static final int SEEK_CUR = 1;
    /** {@code TEE_DATA_SEEK_END}. */
    public static final int SEEK_END = 2;

    /** {@code TEE_DATA_MAX_POSITION}: the largest data position and size. */
    public static final long DATA_MAX_POSITION = 0xFFFFFFFFL;
    /** {@code TEE_OBJECT_ID_MAX_LEN}: the longest object id, in bytes. */
    public static final int OBJECT_ID_MAX_LEN = 64;
    /** {@code TEE_HANDLE_FLAG_PERSISTENT} ({@link TeeCrypto#HANDLE_FLAG_PERSISTENT}). */
    public static final int HANDLE_FLAG_PERSISTENT = TeeCrypto.HANDLE_FLAG_PERSISTENT;
}
