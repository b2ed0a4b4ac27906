package org.jtee.examples.securestorage;

import java.util.UUID;

/**
 * The secure_storage TA's contract, the same as OP-TEE's {@code optee_examples/secure_storage}:
 * raw data objects in the TA's private trusted storage ({@code TEE_STORAGE_PRIVATE}), named by
 * the client. The TA is single-instance and single-session, as OP-TEE's
 * ({@code TA_FLAG_SINGLE_INSTANCE}): a second session while one is open is refused with
 * {@code TEE_ERROR_BUSY}. Open session takes any parameters; the TA keeps no state but its
 * objects, which outlive the session, the instance and the TEE.
 *
 * <table>
 * <caption>commands (unused slots NONE)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>READ_RAW</td><td>0</td><td>p0 MEMREF_INPUT object id; p1 MEMREF_OUTPUT data</td>
 *     <td>opens the object for reading (shared reading allowed) and returns its whole data
 *     stream, p1.size = its length. An output smaller than the object: p1.size = the object's
 *     size, {@code TEE_ERROR_SHORT_BUFFER}. No such object: {@code TEE_ERROR_ITEM_NOT_FOUND}</td></tr>
 * <tr><td>WRITE_RAW</td><td>1</td><td>p0 MEMREF_INPUT object id; p1 MEMREF_INPUT data</td>
 *     <td>creates the object (access read, write and write-meta), replacing one of the same
 *     id, and writes the data into it; if the write fails the new object is deleted again</td></tr>
 * <tr><td>DELETE</td><td>2</td><td>p0 MEMREF_INPUT object id</td><td>opens the object with the
 *     right to delete it and deletes it; no such object: {@code TEE_ERROR_ITEM_NOT_FOUND}</td></tr>
 * </table>
 * Wrong parameter types: {@code TEE_ERROR_BAD_PARAMETERS}; another id:
 * {@code TEE_ERROR_NOT_SUPPORTED}. An id longer than 64 bytes, and every storage error, is what
 * {@code TEE_OpenPersistentObject} and {@code TEE_CreatePersistentObject} make of it.
 */
public final class SecureStorageContract {
    public static final String UUID_STRING = "f4e750bb-1437-4fbf-8785-8d3580c34994";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_READ_RAW = 0;
    public static final int CMD_WRITE_RAW = 1;
    public static final int CMD_DELETE = 2;

    private SecureStorageContract() {}
}
