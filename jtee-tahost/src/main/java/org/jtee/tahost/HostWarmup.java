package org.jtee.tahost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.os.SharedMemory;
import org.jtee.protocol.Codec;
import org.jtee.protocol.Frame;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TrustedApplication;

/**
 * Runs, before a host says HELLO, the code every TA load and call goes through — the host's own
 * loop ({@link TaHostLoop#load}, {@link TaHostLoop#serve}) on a TA of its own, with frames through
 * the codec both ways: reading a (deflated) JAR, the {@code @Ta} annotation, property sets, a
 * session's open, invokes with values and a memory reference in a shared region, the close. A
 * cold JVM runs all that in its interpreter, milliseconds per step; {@value #ROUNDS} rounds get
 * it compiled, so a pooled host pays before anyone waits for it and opening a session to a new
 * instance does not. Nothing of a real TA is involved, and no heap memory reaches a memory
 * reference: the JIT specialises memory access for what it has seen, and a TA's buffers are
 * shared memory.
 */
final class HostWarmup {
    /** Rounds of load, open, invokes and close: enough for the C1 compiler to take the path over. */
    static final int ROUNDS = 120;
    static final UUID WARMUP_UUID = UUID.fromString("00000000-0000-4000-8000-000000000000");

    private HostWarmup() {}

    /** A TA that exists only to be looked at. */
    @Ta(uuid = "00000000-0000-4000-8000-000000000000", description = "TA host warm-up")
    @TaProperty(name = "warmup", string = "yes")
    static final class WarmupTa implements TrustedApplication<Object> {
        @Override
        public Object openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object session, CallContext call, int commandId, Parameters params) throws TeeException {
            params.value(0).setA(params.value(0).a() + 1);
            MemorySegment m = params.memref(1).buffer();
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, m.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) + commandId);
            params.memref(1).setSize(8);
        }
    }

    static void run(PrintStream log) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] jar = jarOf(WarmupTa.class);
            String properties = PropertyText.encode(Map.of("gpd.tee.apiversion", "1.3.1", "gpd.tee.arith.maxBigIntSize", 4096L,
                    "gpd.tee.deviceID", WARMUP_UUID, "gpd.tee.cryptography.ecc", true));
            MemorySegment area = SharedMemory.create("jtee-warmup", 4096, arena).memory();
            WireParams params = WireParams.of(new WireParam.Value(WireParam.VALUE_INOUT, 1, 2, 0),
                    new WireParam.ShmRef(WireParam.RMEM_INOUT, HostRegions.ARENA, 64, 16), null, null);
            for (int round = 0; round < ROUNDS; round++) {
                Message.LoadTa load = (Message.LoadTa) codec(1, new Message.LoadTa(WARMUP_UUID, 0, jar, properties));
                TaHostLoop loop = new TaHostLoop(null, null, log, round % 2 == 0 ? null : TaHostLoop.prepare(load, log));
                loop.regions().install(HostRegions.ARENA, area);
                codec(0, loop.load(load));
                serve(loop, new Message.HostOpen(1, LoginMethod.PUBLIC, WARMUP_UUID, params));
                for (int call = 0; call < 4; call++) {
                    serve(loop, new Message.Invoke(1, call, params));
                }
                serve(loop, new Message.CloseSession(1));
            }
        } catch (Throwable e) {
            log.println("jtee-host: warm-up failed (the host still works, only slower): " + e);
        }
    }

    private static void serve(TaHostLoop loop, Message request) throws Throwable {
        codec(2, loop.serve(new Frame(2, codec(2, request))));
    }

    /** {@code m} through the codec both ways, as frames travel. */
    private static Message codec(long requestId, Message m) throws ProtocolException {
        return Codec.decode(Codec.encode(requestId, m)).message();
    }

    /** A JAR of {@code type}'s class file alone, deflated, naming it in the manifest. */
    static byte[] jarOf(Class<?> type) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("no class file for " + type.getName());
            }
            bytes = in.readAllBytes();
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(TaJarAttributes.TA_CLASS, type.getName());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            // deflated, as TA images are: reading one is what the host must have warmed
            jar.putNextEntry(new JarEntry(entry));
            jar.write(bytes);
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
