package org.jtee.tahost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import org.jtee.common.LoginMethod;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Codec;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.WireParams;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/**
 * Runs, once and before a host says HELLO, the code every TA load and call goes through: reading
 * a JAR, the {@code @Ta} annotation, property sets, parameters, the codec, a lambda. A cold JVM
 * pays tens of milliseconds the first time it parses an annotation or links a lambda; a pooled
 * host pays them before anyone waits for it, so opening a session to a new instance does not.
 * Nothing of a real TA is involved.
 */
final class HostWarmup {
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
        }
    }

    static void run() {
        try {
            byte[] jar = jarOf(WarmupTa.class);
            new JarClassLoader(jar, HostWarmup.class.getClassLoader()).taClassName();
            TaType type = TaType.of(WarmupTa.class, false, false, WarmupTa::new);
            HostInstance instance = new HostInstance(type, new PropertySet(type.properties()),
                    new PropertySet(PropertyText.decode(PropertyText.encode(type.properties()))));
            Identity client = new Identity(LoginMethod.PUBLIC, UUID.randomUUID());
            new HostCall(instance, client, PropertySet.clientProperties(client), null).client();
            roundTrip(new WarmupTa());
        } catch (IOException | ProtocolException | TeeException | RuntimeException e) {
            System.err.println("jtee-host: warm-up failed (the host still works, only slower): " + e);
        }
    }

    /** A call's parameters through the codec both ways, as a real INVOKE travels. */
    private static void roundTrip(WarmupTa ta) throws ProtocolException, TeeException {
        Parameters caller = new Parameters(new Value(ParamTypes.VALUE_INOUT, 1, 2),
                new MemoryReference(ParamTypes.MEMREF_INOUT, MemorySegment.ofArray(new byte[16]), false), null, null);
        WireParams request = InlineParams.toWire(caller);
        Message.Invoke in = (Message.Invoke) Codec.decode(Codec.encode(1, new Message.Invoke(1, 0, request))).message();
        Parameters callee = InlineParams.toTa(InlineParams.checkInline(in.params()));
        ta.invokeCommand(null, null, 0, callee);
        Message reply = new Message.InvokeReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, InlineParams.writeBack(request, callee));
        Message.InvokeReply back = (Message.InvokeReply) Codec.decode(Codec.encode(1, reply)).message();
        InlineParams.applyReply(caller, back.params());
    }

    private static byte[] jarOf(Class<?> type) throws IOException {
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
            JarEntry e = new JarEntry(entry);
            // stored, not deflated: the host never writes a JAR, so it need not warm a Deflater
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setMethod(JarEntry.STORED);
            e.setSize(bytes.length);
            e.setCrc(crc.getValue());
            jar.putNextEntry(e);
            jar.write(bytes);
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
