package org.jtee.storage;

import java.util.Map;
import org.jtee.common.TeeException;

/**
 * The files of one store in the supplicant's storage directory, as the core reaches them: only
 * through the supplicant's RPC {@code FS} ({@link org.jtee.protocol.Rpc#FS}). Everything read
 * back is untrusted; the engine authenticates every byte. A name is 1 to 64 characters of
 * {@code [a-z0-9.-]}, never derived from an object id.
 *
 * <p>Errors: {@code TEE_ERROR_ITEM_NOT_FOUND} for a file that does not exist,
 * {@code TEE_ERROR_STORAGE_NO_SPACE} when the disk is full (nothing of the write is acknowledged),
 * {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} when no supplicant answers, {@code TEE_ERROR_GENERIC}
 * for any other I/O failure.
 */
public interface ReeFiles {
    /** The files of the store and their sizes in bytes. */
    Map<String, Long> list() throws TeeException;

    /** Up to {@code length} bytes at {@code offset}; fewer at the end of the file, none past it. */
    byte[] read(String name, long offset, int length) throws TeeException;

    /**
     * Writes {@code data} at {@code offset}, creating the file if it does not exist (and then
     * syncing the directory). With {@code sync} the data is durable on return (fdatasync).
     */
    void write(String name, long offset, byte[] data, boolean sync) throws TeeException;

    /**
     * Makes the file at least {@code length} bytes long by writing zeros (really written, so later
     * writes within it change no file metadata and an fdatasync of them is one device flush), then
     * syncs it. Creates the file if needed.
     */
    void preallocate(String name, long length) throws TeeException;

    /** Cuts or extends (with zeros) the file to {@code length} bytes, durably. */
    void truncate(String name, long length) throws TeeException;

    /** Removes the file and syncs the directory; no error if it does not exist. */
    void remove(String name) throws TeeException;
}
