package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TeeProperties;
import org.jtee.ta.TrustedApplication;

/** Reads its own properties, its client's and the TEE's, as a TA does. */
@Ta(uuid = GpTas.PROPS, dataSize = 48 * 1024, stackSize = 4 * 1024, version = "1.2.3",
        description = "reads properties")
@TaProperty(name = "test.string", string = "hello")
@TaProperty(name = "test.u32", type = TaProperty.Type.U32, u32 = 0xFFFF_FFF0)
@TaProperty(name = "test.bool", type = TaProperty.Type.BOOL, bool = true)
@TaProperty(name = "test.u64", type = TaProperty.Type.U64, u64 = 1L << 40)
@TaProperty(name = "test.uuid", type = TaProperty.Type.UUID, string = "00000001-0002-0003-0004-000000000005")
@TaProperty(name = "test.identity", type = TaProperty.Type.IDENTITY, string = "0xF0000000:00000002-0003-0004-0005-000000000006")
@TaProperty(name = "test.binary", type = TaProperty.Type.BINARY_BLOCK, string = "SGVsbG8gd29ybGQh")
public final class PropsTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId != GpTas.PROPERTIES) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
        params.expect(MEMREF_OUTPUT, NONE, NONE, NONE);
        params.memref(0).write(describe(call).getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(CallContext call) throws TeeException {
        StringBuilder out = new StringBuilder();
        TeeProperties ta = call.taProperties();
        for (String name : ta.names()) {
            out.append(name).append('=').append(ta.getString(name)).append('\n');
        }
        out.append("typed: appID=").append(ta.getUuid("gpd.ta.appID"))
                .append(" singleInstance=").append(ta.getBool("gpd.ta.singleInstance"))
                .append(" multiSession=").append(ta.getBool("gpd.ta.multiSession"))
                .append(" instanceKeepAlive=").append(ta.getBool("gpd.ta.instanceKeepAlive"))
                .append(" dataSize=").append(ta.getU32("gpd.ta.dataSize"))
                .append(" stackSize=").append(ta.getU32("gpd.ta.stackSize"))
                .append(" u32=").append(Integer.toUnsignedString(ta.getU32("test.u32")))
                .append(" bool=").append(ta.getBool("test.bool"))
                .append(" u64=").append(ta.getU64("test.u64"))
                .append(" uuid=").append(ta.getUuid("test.uuid"))
                .append(" identity=").append(ta.getIdentity("test.identity"))
                .append(" binary=").append(HexFormat.of().formatHex(ta.getBinaryBlock("test.binary")))
                .append('\n');
        out.append("missing: ").append(failure(() -> ta.getString("test.none"))).append('\n');
        out.append("string as bool: ").append(failure(() -> ta.getBool("test.string"))).append('\n');
        out.append("client: ").append(call.clientProperties().getIdentity("gpd.client.identity")).append('\n');
        out.append("tee: ").append(call.teeProperties().names()).append(' ')
                .append(call.teeProperties().getString("gpd.tee.apiversion")).append('\n');
        return out.toString();
    }

    private interface Read {
        void run() throws TeeException;
    }

    private static String failure(Read read) {
        try {
            read.run();
            return "none";
        } catch (TeeException e) {
            return TeeResult.name(e.result());
        }
    }
}
