package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jtee.ta.Ta;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TaVersions;
import org.jtee.tapkg.TrustStore;
import org.jtee.tapkg.VerifiedTa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolatedTaImageTest {
    @TempDir
    Path home;

    @Test
    void installUnder_writesAnImageTheWrittenKeyVerifies() throws Exception {
        IsolatedTaImage.Installed ta = IsolatedTaImage.installUnder(home);
        byte[] image = Files.readAllBytes(ta.taDirectory().resolve(IsolatedBenchTa.UUID + ".ta"));
        VerifiedTa v = new TaVerifier(TrustStore.load(List.of(ta.trustFile())), null).verify(IsolatedBenchTa.UUID, image);
        assertEquals(TaVersions.parse(IsolatedTaImage.VERSION), v.version());
        assertEquals(IsolatedBenchTa.class.getName(), TaJar.taClass(v.jar()));
    }

    @Test
    void installUnder_twice_usesANewKeyEachTime() throws Exception {
        IsolatedTaImage.Installed first = IsolatedTaImage.installUnder(Files.createDirectory(home.resolve("a")));
        IsolatedTaImage.Installed second = IsolatedTaImage.installUnder(Files.createDirectory(home.resolve("b")));
        byte[] image = Files.readAllBytes(second.taDirectory().resolve(IsolatedBenchTa.UUID + ".ta"));
        TaVerifier firstKeyOnly = new TaVerifier(TrustStore.load(List.of(first.trustFile())), null);
        assertThrows(TaImageException.class, () -> firstKeyOnly.verify(IsolatedBenchTa.UUID, image));
    }

    @Test
    void installUnder_writesNoPrivateKey() throws Exception {
        IsolatedTaImage.installUnder(home);
        try (var files = Files.walk(home)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("PRIVATE KEY"), p.toString());
            }
        }
    }

    @Test
    void dynamicTas_areMultiInstance_andNoBuiltIns() throws Exception {
        assertFalse(IsolatedBenchTa.class.getAnnotation(Ta.class).singleInstance());
        assertFalse(PanickingTa.class.getAnnotation(Ta.class).singleInstance());
        ClassLoader bench = BuiltInBenchTa.loader(BuiltInBenchTa.classPathEntryUnder(home.resolve("built-in")),
                getClass().getClassLoader());
        List<Class<?>> builtIns = java.util.ServiceLoader.load(org.jtee.ta.TrustedApplication.class, bench).stream()
                .<Class<?>>map(java.util.ServiceLoader.Provider::type).toList();
        assertFalse(builtIns.contains(IsolatedBenchTa.class), builtIns.toString());
        assertFalse(builtIns.contains(PanickingTa.class), builtIns.toString());
    }

    @Test
    void installUnder_signsThePanickingTaWithTheSameKey() throws Exception {
        IsolatedTaImage.Installed ta = IsolatedTaImage.installUnder(home);
        byte[] image = Files.readAllBytes(ta.taDirectory().resolve(PanickingTa.UUID + ".ta"));
        VerifiedTa v = new TaVerifier(TrustStore.load(List.of(ta.trustFile())), null).verify(PanickingTa.UUID, image);
        assertEquals(PanickingTa.class.getName(), TaJar.taClass(v.jar()));
    }
}
