package org.jtee.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;

/** Valid messages of every type, with every kind of parameter slot: seeds for fuzzing and truncation. */
final class Corpus {
    static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    private Corpus() {}

    static List<Frame> frames() {
        List<Frame> f = new ArrayList<>();
        WireParam.Value valueIn = new WireParam.Value(WireParam.VALUE_IN, 1, 2, 3);
        WireParam.Value valueOut = new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0);
        WireParam.Value valueInout = new WireParam.Value(WireParam.VALUE_INOUT, -1, 0x7fff_ffff, Long.MIN_VALUE);
        WireParam.TempMem tmemIn = new WireParam.TempMem(WireParam.TMEM_IN, false, 5, bytes("input"));
        WireParam.TempMem tmemOut = new WireParam.TempMem(WireParam.TMEM_OUT, false, 64, new byte[0]);
        WireParam.TempMem tmemInout = new WireParam.TempMem(WireParam.TMEM_INOUT, false, 3, new byte[] {1, 2, 3});
        WireParam.TempMem tmemNull = new WireParam.TempMem(WireParam.TMEM_INOUT, true, 0, new byte[0]);
        WireParam.ShmRef rmemIn = new WireParam.ShmRef(WireParam.RMEM_IN, 1, 0, 4096);
        WireParam.ShmRef rmemOut = new WireParam.ShmRef(WireParam.RMEM_OUT, 2, 16, 32);
        WireParam.ShmRef rmemInout = new WireParam.ShmRef(WireParam.RMEM_INOUT, 3, 1L << 32, 1);

        f.add(new Frame(1, new Message.Hello(1, 1, Wire.ROLE_CLIENT)));
        f.add(new Frame(1, new Message.Hello(1, 7, Wire.ROLE_SUPPLICANT)));
        f.add(new Frame(1, new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 1, Wire.MAX_FRAME_BYTES)));
        f.add(new Frame(1, new Message.HelloReply(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, 1, Wire.MIN_FRAME_LENGTH)));
        f.add(new Frame(2, new Message.OpenSession(TA, 0, 0, WireParams.EMPTY)));
        f.add(new Frame(2, new Message.OpenSession(TA, 2, 1000, WireParams.of(valueIn, valueOut, valueInout, null))));
        f.add(new Frame(3, new Message.OpenSession(TA, 1, 0, WireParams.of(tmemIn, tmemOut, tmemInout, tmemNull))));
        f.add(new Frame(4, new Message.OpenSession(TA, 0, 0, WireParams.of(rmemIn, rmemOut, rmemInout, valueIn))));
        f.add(new Frame(2, new Message.OpenSessionReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, 42,
                WireParams.of(new WireParam.Value(WireParam.VALUE_IN, 0, 0, 0), valueOut, valueInout, null))));
        f.add(new Frame(3, new Message.OpenSessionReply(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, 0, WireParams.EMPTY)));
        f.add(new Frame(5, new Message.Invoke(42, 7, WireParams.of(valueInout, tmemOut, rmemInout, tmemIn))));
        f.add(new Frame(5, new Message.Invoke(42, 0, WireParams.EMPTY)));
        f.add(new Frame(5, new Message.InvokeReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, WireParams.of(
                valueInout,
                new WireParam.TempMem(WireParam.TMEM_OUT, false, 5, bytes("hello")),
                new WireParam.ShmRef(WireParam.RMEM_INOUT, 0, 0, 32),
                new WireParam.TempMem(WireParam.TMEM_IN, false, 0, new byte[0])))));
        f.add(new Frame(6, new Message.InvokeReply(TeeResult.SHORT_BUFFER, ReturnOrigin.TRUSTED_APP, WireParams.of(
                new WireParam.TempMem(WireParam.TMEM_INOUT, false, 100, new byte[] {9, 8, 7, 6}), null, null,
                new WireParam.ShmRef(WireParam.RMEM_OUT, 0, 0, 1L << 40)))));
        f.add(new Frame(7, new Message.InvokeReply(TeeResult.TARGET_DEAD, ReturnOrigin.TEE, WireParams.EMPTY)));
        f.add(new Frame(8, new Message.CloseSession(42)));
        f.add(new Frame(8, new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE)));
        f.add(new Frame(9, new Message.Cancel(5)));
        f.add(new Frame(9, new Message.StatusReply(Wire.CANCEL | Wire.REPLY, TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE)));
        f.add(new Frame(10, new Message.RegisterShm(65536, Wire.SHM_INPUT | Wire.SHM_OUTPUT, "/dev/shm/jtee-x")));
        f.add(new Frame(10, new Message.RegisterShm(1, Wire.SHM_OUTPUT, "/tmp/\u00e9t\u00e9")));
        f.add(new Frame(10, new Message.RegisterShmReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 3)));
        f.add(new Frame(12, new Message.UnregisterShm(3)));
        f.add(new Frame(12, new Message.StatusReply(Wire.UNREGISTER_SHM | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE)));
        f.add(new Frame(13, new Message.RpcRequest(Rpc.GET_TIME, WireParams.of(valueOut, null, null, null))));
        f.add(new Frame(14, new Message.RpcRequest(Rpc.FS, WireParams.of(valueIn, tmemInout, tmemOut, tmemNull))));
        f.add(new Frame(13, new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE,
                WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 1_700_000_000L, 123_456_789L, 0), null, null, null))));
        f.add(new Frame(1, new Message.Hello(1, 1, Wire.ROLE_TA_HOST)));
        f.add(new Frame(15, new Message.LoadTa(TA, 256 * 1024, bytes("PK-jar"), "gpd.tee.description=s:jtee\n")));
        f.add(new Frame(16, new Message.LoadTa(TA, 256 * 1024, bytes("PK-jar"), "", true)));
        f.add(new Frame(15, new Message.StatusReply(Wire.LOAD_TA | Wire.REPLY, TeeResult.SECURITY, ReturnOrigin.TEE)));
        f.add(new Frame(16, new Message.HostOpen(7, 0xF0000000, TA, WireParams.of(valueIn, tmemInout, tmemOut, null))));
        f.add(new Frame(16, new Message.OpenSessionReply(Wire.HOST_OPEN | Wire.REPLY, TeeResult.SUCCESS,
                ReturnOrigin.TRUSTED_APP, 7, WireParams.of(valueOut, null, null, null))));
        f.add(new Frame(17, new Message.Destroy()));
        f.add(new Frame(0, new Message.MapMemory(3, 65536)));
        f.add(new Frame(0, new Message.MapMemory(3, 0)));
        f.add(new Frame(18, new Message.ShareArea(65536)));
        f.add(new Frame(18, new Message.StatusReply(Wire.SHARE_AREA | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE)));
        f.add(new Frame(17, new Message.StatusReply(Wire.DESTROY | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE)));
        f.add(new Frame(19, new Message.TaOpenSession(Wire.TIMEOUT_INFINITE, TA, WireParams.of(valueOut, tmemNull, rmemInout, null))));
        f.add(new Frame(19, new Message.OpenSessionReply(Wire.TA_OPEN_SESSION | Wire.REPLY, TeeResult.SUCCESS,
                ReturnOrigin.TRUSTED_APP, 3, WireParams.of(valueOut, null, new WireParam.ShmRef(WireParam.RMEM_INOUT, 0, 0, 8), null))));
        f.add(new Frame(20, new Message.TaInvoke(1000, 3, 9, WireParams.of(valueInout, null, null, tmemOut))));
        f.add(new Frame(20, new Message.TaInvoke(0, 3, 0, WireParams.EMPTY)));
        f.add(new Frame(20, new Message.InvokeReply(Wire.TA_INVOKE | Wire.REPLY, TeeResult.CANCEL, ReturnOrigin.TRUSTED_APP,
                WireParams.of(valueInout, null, null, new WireParam.TempMem(WireParam.TMEM_OUT, false, 2, new byte[] {1, 2})))));
        // version 2: details, the report flag, TA_PANIC
        f.add(new Frame(3, new Message.OpenSessionReply(Wire.OPEN_SESSION | Wire.REPLY, TeeResult.ITEM_NOT_FOUND,
                ReturnOrigin.TEE, 0, WireParams.EMPTY, "no TA 8aaaf200-2450-11e4-abe2-0002a5d5c51b was found")));
        f.add(new Frame(16, new Message.OpenSessionReply(Wire.HOST_OPEN | Wire.REPLY, TeeResult.BAD_PARAMETERS,
                ReturnOrigin.TRUSTED_APP, 0, WireParams.of(valueOut, null, null, null), "parameter types (\u00e9)")));
        f.add(new Frame(7, new Message.InvokeReply(Wire.INVOKE | Wire.REPLY, TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP,
                WireParams.of(valueInout, null, null, null), "expected VALUE_INOUT")));
        f.add(new Frame(13, new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                WireParams.EMPTY, "no 8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta in /a, /b")));
        f.add(new Frame(15, new Message.LoadTa(TA, 256 * 1024, bytes("PK-jar"), "", false, true)));
        f.add(new Frame(21, new Message.PanicReport("java.lang.IllegalStateException: boom\n\tat T.invokeCommand(T.java:9)")));
        f.add(new Frame(21, new Message.StatusReply(Wire.TA_PANIC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE)));
        return Collections.unmodifiableList(f);
    }

    /** The encoded frames of {@link #frames()}. */
    static List<byte[]> encoded() {
        List<byte[]> out = new ArrayList<>();
        for (Frame f : frames()) {
            out.add(Frames.encode(f.requestId(), f.message()));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
