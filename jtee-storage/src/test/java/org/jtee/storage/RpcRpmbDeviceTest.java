package org.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.RpmbFrames;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpcRpmbDeviceTest {
    @TempDir
    Path tmp;

    private LocalSupplicant supplicant;

    @BeforeEach
    void open() {
        supplicant = LocalSupplicant.open(tmp);
    }

    @AfterEach
    void close() {
        supplicant.close();
    }

    @Test
    void deviceInfo_isTheDevicesNineteenBytes() throws Exception {
        byte[] info = supplicant.rpmbDevice().deviceInfo();
        assertEquals(RpmbFrames.DEV_INFO_BYTES, info.length);
        assertArrayEquals(new byte[] {16, 1, 0}, Arrays.copyOfRange(info, 16, 19));
    }

    @Test
    void dataRequest_header_blockCountIsTheReadsResponseFrames_orTheRequestFrames() throws Exception {
        List<byte[]> headers = new ArrayList<>();
        RpmbDevice device = new RpcRpmbDevice((command, params) -> {
            byte[] request = ((WireParam.TempMem) params.get(0)).data();
            headers.add(Arrays.copyOf(request, RpmbFrames.HEADER_BYTES));
            return supplicant.call(command, params);
        });
        byte[] read = RpmbFrames.frames(1);
        RpmbFrames.put(RpmbFrames.frame(read, 0), RpmbFrames.REQ_READ, 0, 0, 0, 0);
        assertEquals(3 * 512, device.dataRequest(read, 3).length);
        byte[] counter = RpmbFrames.frames(1);
        RpmbFrames.put(RpmbFrames.frame(counter, 0), RpmbFrames.REQ_COUNTER_READ, 0, 0, 0, 0);
        device.dataRequest(counter, 1);
        assertEquals(List.of(0, 0, 3), fields(headers.get(0)));
        assertEquals(List.of(0, 0, 1), fields(headers.get(1)));
    }

    @Test
    void dataRequest_badFramesOrCounts_badParameters_withoutACall() {
        RpmbDevice device = supplicant.rpmbDevice();
        for (int[] bad : new int[][] {{0, 1}, {511, 1}, {513, 1}, {512, 0}, {512, RpmbFrames.MAX_RESPONSE_FRAMES + 1}}) {
            TeeException e = assertThrows(TeeException.class, () -> device.dataRequest(new byte[bad[0]], bad[1]));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result(), Arrays.toString(bad));
        }
        assertEquals(0, supplicant.calls(Rpc.RPMB));
    }

    @Test
    void replyOfAnotherLength_badFormat() {
        for (int length : new int[] {0, 18, 20}) {
            RpmbDevice device = new RpcRpmbDevice((command, params) -> WireParams.of(params.get(0),
                    new WireParam.TempMem(WireParam.TMEM_OUT, false, length, new byte[length]), null, null));
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, device::deviceInfo).result());
        }
        RpmbDevice none = new RpcRpmbDevice((command, params) -> WireParams.EMPTY);
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, none::deviceInfo).result());
    }

    @Test
    void noSupplicant_orNoService_storageNotAvailable_otherErrors_generic() {
        supplicant.setAvailable(false);
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, assertThrows(TeeException.class, supplicant.rpmbDevice()::deviceInfo).result());
        RpmbDevice noService = new RpcRpmbDevice((command, params) -> {
            throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "no service for RPMB");
        });
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, assertThrows(TeeException.class, noService::deviceInfo).result());
        RpmbDevice failing = new RpcRpmbDevice((command, params) -> {
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "odd");
        });
        assertEquals(TeeResult.GENERIC, assertThrows(TeeException.class, failing::deviceInfo).result());
    }

    private static List<Integer> fields(byte[] header) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        return List.of((int) b.getShort(), (int) b.getShort(), (int) b.getShort());
    }
}
