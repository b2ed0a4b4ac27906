package org.jtee.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.TeeException;

/**
 * The persistent objects of every TA in one backend (REE FS or RPMB), as the core's GP layer
 * uses them. Objects are named by their owner TA's UUID and an id of 0 to 64 bytes; one TA's
 * objects are invisible to every other. Each mutating call is one atomic commit, durable when it
 * returns: afterwards the change survives a crash of the core, the supplicant or the machine, and
 * before it returns a crash leaves the old state. Calls from many threads are safe, and commits
 * of concurrent calls share their syncs (group commit).
 *
 * <p>The GP rules about handles (access and share flags, positions, enumerators) are not here:
 * they belong to the layer above. An object is addressed by the number {@link Entry#number()}
 * that it keeps for life (a rename keeps it, an overwriting create gives a new one).
 *
 * <p>Errors (origin TEE): {@code TEE_ERROR_CORRUPT_OBJECT} when an object's stored bytes fail
 * authentication (never wrong data); {@code TEE_ERROR_SECURITY} when the store as a whole fails
 * its check (a replayed older copy, a missing file, a broken chain) — the store then fails
 * closed; {@code TEE_ERROR_STORAGE_NO_SPACE} when the disk or device is full (the change is not
 * made); {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} when the supplicant does not answer;
 * {@code TEE_ERROR_ITEM_NOT_FOUND} for an object number that no longer exists.
 */
public interface ObjectStore extends AutoCloseable {
    /** The largest object id, in bytes ({@code TEE_OBJECT_ID_MAX_LEN}). */
    int MAX_ID_BYTES = 64;
    /** The largest data position and size ({@code TEE_DATA_MAX_POSITION}). */
    long MAX_DATA_POSITION = 0xFFFF_FFFFL;

    /**
     * What is stored with an object besides its data stream: its {@code TEE_ObjectInfo} key
     * fields and its attributes, serialized by the TA side and opaque here.
     */
    record Header(int objectType, int objectSize, int maxObjectSize, int usage, byte[] attributes) {
        public Header {
            attributes = attributes.clone();
        }

        @Override
        public byte[] attributes() {
            return attributes.clone();
        }
    }

    /** An object as it is now: a snapshot, not a live view. */
    record Entry(long number, UUID owner, byte[] id, Header header, long dataSize) {
        public Entry {
            id = id.clone();
        }

        @Override
        public byte[] id() {
            return id.clone();
        }
    }

    /** Objects and bytes of one TA (data plus attributes), for {@code jtee storage}. */
    record Usage(int objects, long bytes) {}

    /** The object {@code id} of {@code owner}, or null if there is none. */
    Entry find(UUID owner, byte[] id) throws TeeException;

    /** The object {@code number} as it is now. */
    Entry entry(long number) throws TeeException;

    /**
     * Creates the object {@code id} of {@code owner} with {@code header} and {@code data}, in one
     * commit. If one exists: {@code TEE_ERROR_ACCESS_CONFLICT} without {@code overwrite}; with it,
     * the old object is replaced in the same commit (its number is gone).
     */
    Entry create(UUID owner, byte[] id, Header header, byte[] data, boolean overwrite) throws TeeException;

    /**
     * Reads up to {@code length} bytes of the data stream from {@code position} into {@code dst};
     * returns how many (0 at or past the end).
     */
    int read(long number, long position, byte[] dst, int offset, int length) throws TeeException;

    /**
     * Writes {@code length} bytes of {@code src} at {@code position}, in one commit; a position past
     * the end first fills the gap with zeros. {@code TEE_ERROR_OVERFLOW} if the end would pass
     * {@link #MAX_DATA_POSITION}.
     */
    void write(long number, long position, byte[] src, int offset, int length) throws TeeException;

    /** Cuts or extends (with zeros) the data stream to {@code size} bytes, in one commit. */
    void truncate(long number, long size) throws TeeException;

    /** Renames the object; {@code TEE_ERROR_ACCESS_CONFLICT} if its owner has an object {@code newId}. */
    void rename(long number, byte[] newId) throws TeeException;

    /** Deletes the object, in one commit. */
    void delete(long number) throws TeeException;

    /** Replaces the object's usage bits ({@code TEE_RestrictObjectUsage1} on a persistent object). */
    void setUsage(long number, int usage) throws TeeException;

    /** Every object of {@code owner}, in creation order. */
    List<Entry> list(UUID owner) throws TeeException;

    /** Usage per TA; never ids or contents. */
    Map<UUID, Usage> usage() throws TeeException;

    /** Stops the store; later calls fail with {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}. */
    @Override
    void close();
}
