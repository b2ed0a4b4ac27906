package org.jtee.xtest.ta.common;

/**
 * The commands of OP-TEE's storage and storage2 test TAs ({@code optee_test/ta/include/ta_storage.h}),
 * which xtest's 6000 series sends, with OP-TEE's numbers. Handles travel as raw 32-bit values:
 * 0 is {@code TEE_HANDLE_NULL}; a non-zero value that names nothing the instance holds panics it.
 * Object ids are the client's bytes, copied into the TA before the GP call, except in commands
 * 22–25, which hand the client's memory itself to the GP call (xtest 6020 expects the TA to die).
 *
 * <pre>
 * id  command              types (t0,t1,t2,t3)   parameters                              result
 *  0  OPEN                 MI,VIO,VI,–           [0] id, [1].a flags, [2].a storage;     GP's; [1].b handle (0 on failure)
 *  1  CLOSE                VI                    [0].a handle (0: nothing)                SUCCESS
 *  2  READ                 MO,VIO                [0] buffer, [1].a handle                 [1].b bytes read; [0] gets all of
 *                                                                                         the TA's buffer, its size unchanged
 *  3  WRITE                MI,VI                 [0] data, [1].a handle                   GP's
 *  4  CREATE               MI,VIO,VI,MI          [0] id, [1].a flags, [2].a attributes    GP's; [1].b handle (0 on failure)
 *                                                handle (0: none), [2].b storage, [3] initial data
 *  5  SEEK                 VI,VIO                [0].a handle, [0].b offset (int32),     GP's; [1].b position
 *                                                [1].a whence
 *  6  UNLINK               VI                    [0].a handle (0: nothing)                GP's (close and delete)
 *  7  RENAME               VI,MI                 [0].a handle, [1] new id                 GP's
 *  8  TRUNC                VI                    [0].a handle, [0].b size                 GP's
 *  9  ALLOC_ENUM           VO                    out [0].a enumerator                     GP's
 * 10  FREE_ENUM            VI                    [0].a enumerator (0: nothing)            SUCCESS
 * 11  RESET_ENUM           VI                    [0].a enumerator (0: nothing)            SUCCESS
 * 12  START_ENUM           VI                    [0].a enumerator, [0].b storage          GP's
 * 13  NEXT_ENUM            VI,–,MO or VI,MO,MO   [0].a enumerator, [1] TEE_ObjectInfo     SHORT_BUFFER if [2] &lt; 64 bytes or
 *                                                (optional), [2] id (&ge; 64 bytes)       [1] &lt; 40 ([1].size = 40); GP's;
 *                                                                                         [2].size = id length
 * 14  CREATE_OVERWRITE     MI,VI                 [0] id, [1].a storage                    GP's (created with OVERWRITE, closed)
 * 15  KEY_IN_PERSISTENT    VI                    [0].a storage                            an AES key through a persistent object
 * 16  LOOP                 VI                    [0].a storage                            20 creates and deletes
 * 17  RESTRICT_USAGE       VI                    [0].a handle, [0].b usage                SUCCESS (panics on a bad handle)
 * 18  ALLOC_OBJ            VI,VO                 [0].a type, [0].b max size               GP's; [1].a handle (0 on failure)
 * 19  FREE_OBJ             VI                    [0].a handle (0: nothing)                SUCCESS
 * 20  RESET_OBJ            VI                    [0].a handle (0: nothing)                SUCCESS
 * 21  GET_OBJ_INFO         VI,MO                 [0].a handle, [1] &ge; 28 bytes          SHORT_BUFFER if smaller; GP's;
 *                                                                                         [1] = struct ta_storage_obj_info
 * 22  OPEN_ID_IN_SHM       as OPEN               the id is the client's memory            OP-TEE: the TA panics
 * 23  CREATE_ID_IN_SHM     as CREATE             the id is the client's memory            OP-TEE: the TA panics
 * 24  CREATEOVER_ID_IN_SHM as CREATE_OVERWRITE   the id is the client's memory            OP-TEE: the TA panics
 * 25  RENAME_ID_IN_SHM     as RENAME             the new id is the client's memory        OP-TEE: the TA panics
 * 26  CLEAR_STORAGE        not checked           –                                        deletes every object of the TA in
 *                                                                                         REE FS, then RPMB
 * any other                                                                               BAD_PARAMETERS
 * </pre>
 *
 * <p>Types: VI/VO/VIO value input/output/inout, MI/MO memory reference input/output; a type list
 * that differs is {@code TEE_ERROR_BAD_PARAMETERS}. Integers in memory references are in the
 * machine's byte order, as in the C structs.
 */
public final class StorageContract {
    public static final int CMD_OPEN = 0;
    public static final int CMD_CLOSE = 1;
    public static final int CMD_READ = 2;
    public static final int CMD_WRITE = 3;
    public static final int CMD_CREATE = 4;
    public static final int CMD_SEEK = 5;
    public static final int CMD_UNLINK = 6;
    public static final int CMD_RENAME = 7;
    public static final int CMD_TRUNC = 8;
    public static final int CMD_ALLOC_ENUM = 9;
    public static final int CMD_FREE_ENUM = 10;
    public static final int CMD_RESET_ENUM = 11;
    public static final int CMD_START_ENUM = 12;
    public static final int CMD_NEXT_ENUM = 13;
    public static final int CMD_CREATE_OVERWRITE = 14;
    public static final int CMD_KEY_IN_PERSISTENT = 15;
    public static final int CMD_LOOP = 16;
    public static final int CMD_RESTRICT_USAGE = 17;
    public static final int CMD_ALLOC_OBJ = 18;
    public static final int CMD_FREE_OBJ = 19;
    public static final int CMD_RESET_OBJ = 20;
    public static final int CMD_GET_OBJ_INFO = 21;
    public static final int CMD_OPEN_ID_IN_SHM = 22;
    public static final int CMD_CREATE_ID_IN_SHM = 23;
    public static final int CMD_CREATEOVER_ID_IN_SHM = 24;
    public static final int CMD_RENAME_ID_IN_SHM = 25;
    public static final int CMD_CLEAR_STORAGE = 26;

    /**
     * Bytes of {@code struct ta_storage_obj_info} (GET_OBJ_INFO): seven u32, in this order:
     * objectType, objectSize, maxObjectSize, objectUsage, dataSize, dataPosition, handleFlags.
     */
    public static final int OBJ_INFO_BYTES = 28;

    /**
     * Bytes of the TA's native {@code TEE_ObjectInfo} (NEXT_ENUM's optional output), as a 64-bit
     * TA lays it out: four u32 (objectType, objectSize, maxObjectSize, objectUsage), dataSize and
     * dataPosition as u64, handleFlags as u32, 4 bytes of padding.
     */
    public static final int NATIVE_OBJECT_INFO_BYTES = 40;

    /** The smallest id buffer NEXT_ENUM takes: {@code TEE_OBJECT_ID_MAX_LEN}. */
    public static final int OBJECT_ID_MAX_BYTES = 64;

    private StorageContract() {}
}
