package org.jtee.core.ta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jtee.common.TeeException;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;
import org.jtee.tahost.TaJarAttributes;
import org.jtee.tahost.TaType;
import org.jtee.tapkg.TaJar;
import org.junit.jupiter.api.Test;

class TaClassInfoTest {
    @Ta(uuid = "12345678-1234-4234-8234-123456789abc", singleInstance = true, multiSession = true,
            dataSize = 1 << 20, version = "2.1", description = "declared")
    public static final class Declared implements TrustedApplication<Object> {
        @Override
        public Object openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {}
    }

    @Ta(uuid = "12345678-1234-4234-8234-123456789abd")
    public static final class Defaults implements TrustedApplication<Object> {
        @Override
        public Object openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {}
    }

    @Test
    void read_givesTheDeclaredProperties_withoutLoadingTheClass() throws IOException {
        TaClassInfo.Declared d = TaClassInfo.read(TaJar.of(Declared.class));
        assertEquals(TaType.of(Declared.class, false, false, () -> null).uuid(), d.uuid());
        assertEquals(TaType.of(Declared.class, false, false, () -> null).info(), d.info());
    }

    @Test
    void read_fillsInTheAnnotationsDefaults() throws IOException {
        assertEquals(TaType.of(Defaults.class, false, false, () -> null).info(), TaClassInfo.read(TaJar.of(Defaults.class)).info());
    }

    @Test
    void jarWithoutTheManifestAttribute_isRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, new Manifest())) {
            out.flush();
        }
        IOException e = assertThrows(IOException.class, () -> TaClassInfo.read(bytes.toByteArray()));
        assertTrue(e.getMessage().contains(TaJarAttributes.TA_CLASS), e.getMessage());
    }

    @Test
    void theHostsAttributeName_isThePackagersOne() {
        assertEquals(TaJar.TA_CLASS_ATTRIBUTE, TaJarAttributes.TA_CLASS);
    }
}
