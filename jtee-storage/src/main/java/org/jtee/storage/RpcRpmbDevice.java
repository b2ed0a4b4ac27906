package org.jtee.storage;

import java.nio.ByteBuffer;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.RpmbFrames;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * {@link RpmbDevice} over the supplicant's RPC {@link Rpc#RPMB} ({@link RpmbFrames} has the
 * layout), device 0. It moves bytes and checks only their shape: a reply of any other length
 * than asked for is {@code TEE_ERROR_BAD_FORMAT}. What the frames say is for {@link RpmbClient}
 * to check. No supplicant, or one without storage, is {@code TEE_ERROR_STORAGE_NOT_AVAILABLE};
 * any other error of the supplicant {@code TEE_ERROR_GENERIC}.
 */
public final class RpcRpmbDevice implements RpmbDevice {
    private final SupplicantCalls supplicant;

    public RpcRpmbDevice(SupplicantCalls supplicant) {
        this.supplicant = supplicant;
    }

    @Override
    public byte[] deviceInfo() throws TeeException {
        return call(RpmbFrames.header(RpmbFrames.CMD_GET_DEV_INFO, 0, 0), RpmbFrames.DEV_INFO_BYTES, "device info");
    }

    /**
     * {@inheritDoc} The header's {@code block_count} is the number of data blocks: the response
     * frames for a read (as OP-TEE sets it), the request frames otherwise.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} for no or partial frames, or a
     *     response count outside {@code 1..}{@link RpmbFrames#MAX_RESPONSE_FRAMES}
     */
    @Override
    public byte[] dataRequest(byte[] frames, int responseFrames) throws TeeException {
        if (frames.length == 0 || frames.length % FRAME_BYTES != 0 || responseFrames < 1
                || responseFrames > RpmbFrames.MAX_RESPONSE_FRAMES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "an RPMB request of " + frames.length
                    + " bytes for " + responseFrames + " frames: whole frames in, 1.." + RpmbFrames.MAX_RESPONSE_FRAMES + " out");
        }
        boolean read = RpmbFrames.type(RpmbFrames.frame(frames, 0)) == RpmbFrames.REQ_READ;
        byte[] header = RpmbFrames.header(RpmbFrames.CMD_DATA_REQUEST, 0, read ? responseFrames : frames.length / FRAME_BYTES);
        byte[] request = ByteBuffer.allocate(header.length + frames.length).put(header).put(frames).array();
        return call(request, responseFrames * FRAME_BYTES, "data request");
    }

    private byte[] call(byte[] request, int responseBytes, String what) throws TeeException {
        WireParams out;
        try {
            out = supplicant.call(Rpc.RPMB, WireParams.of(new WireParam.TempMem(WireParam.TMEM_IN, false, request.length, request),
                    new WireParam.TempMem(WireParam.TMEM_OUT, false, responseBytes, new byte[0]), null, null));
        } catch (TeeException e) {
            int r = e.result();
            boolean absent = r == TeeResult.COMMUNICATION || r == TeeResult.NOT_SUPPORTED;
            throw new TeeException(absent ? TeeResult.STORAGE_NOT_AVAILABLE : TeeResult.GENERIC, ReturnOrigin.TEE,
                    "RPMB " + what + ": the supplicant failed with " + TeeResult.name(r), e);
        }
        if (!(out.get(1) instanceof WireParam.TempMem t) || t.type() != WireParam.TMEM_OUT || t.size() != responseBytes
                || t.data().length != responseBytes) {
            throw new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "supplicant returned a malformed RPMB " + what
                    + " reply: not the " + responseBytes + " bytes asked for");
        }
        return t.data();
    }
}
