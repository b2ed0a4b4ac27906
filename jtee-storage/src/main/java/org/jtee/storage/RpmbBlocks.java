package org.jtee.storage;

import org.jtee.common.TeeException;

/**
 * An RPMB partition as authenticated 256-byte blocks: the frame protocol (key programming, write
 * counter, MACs, nonces) is done beneath, by the core, with the RPMB key derived from the HUK.
 * Every read is MAC-checked with a fresh nonce; every write must come back with the write counter
 * one higher per write request, else {@code TEE_ERROR_SECURITY}.
 */
public interface RpmbBlocks {
    /** The size of one RPMB data block. */
    int BLOCK_BYTES = 256;

    /** The partition's size in blocks. */
    int blockCount() throws TeeException;

    /** The device's write counter, read with a fresh nonce and checked. */
    long writeCounter() throws TeeException;

    /** {@code count} blocks from block {@code address}, authenticated. */
    byte[] read(int address, int count) throws TeeException;

    /**
     * Writes {@code data} (a multiple of {@link #BLOCK_BYTES}, at most the device's reliable-write
     * count of blocks per request, which this splits into requests as needed) from block
     * {@code address}. Each request is atomic on the device.
     */
    void write(int address, byte[] data) throws TeeException;
}
