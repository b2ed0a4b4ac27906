package org.jtee.storage;

import org.jtee.common.TeeException;

/**
 * An RPMB device as the core reaches it: the supplicant's RPC {@code RPMB}
 * ({@link org.jtee.protocol.Rpc#RPMB}), with OP-TEE's request layout and 512-byte frames. The
 * device is untrusted transport: the core checks every response's MAC, nonce and write counter.
 */
public interface RpmbDevice {
    /** The size of one frame. */
    int FRAME_BYTES = 512;

    /**
     * Device info (OP-TEE's {@code struct rpmb_dev_info}): CID (16 bytes), {@code rpmb_size_mult}
     * (units of 128 KiB), {@code rel_wr_sec_c} (reliable write sector count), {@code ret_code}.
     */
    byte[] deviceInfo() throws TeeException;

    /**
     * One data request: {@code frames} (a multiple of {@link #FRAME_BYTES}) go to the device, and
     * {@code responseFrames} frames come back (a write's result read, a read's data, the counter).
     */
    byte[] dataRequest(byte[] frames, int responseFrames) throws TeeException;
}
