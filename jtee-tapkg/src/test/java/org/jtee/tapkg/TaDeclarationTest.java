package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaDeclarationTest {
    private static final UUID SAMPLE = UUID.fromString("c3f6e2c0-3548-11e1-b86c-0800200c9a66");

    @Test
    void ofJar_readsTheManifestsClass_withTheAnnotationsDefaults() throws IOException {
        TaDeclaration d = TaDeclaration.ofJar(TaJar.of(SampleTa.class));
        assertEquals(new TaDeclaration(SampleTa.class.getName(), SAMPLE, false, false, false, 32 * 1024, 2 * 1024, "2.5.1", ""),
                d);
    }

    @Test
    void ofJar_classWithoutTa_isRefusedNamingIt() {
        byte[] jar = TaJar.of(SampleTa.Member.class);
        IOException e = assertThrows(IOException.class, () -> TaDeclaration.ofJar(jar));
        assertEquals("the TA class " + SampleTa.Member.class.getName() + " has no @Ta", e.getMessage());
    }

    @Test
    void ofJar_manifestNamesAClassTheJarLacks_isRefusedNamingIt() {
        byte[] jar = TaJar.of("org.example.Missing", Map.of());
        IOException e = assertThrows(IOException.class, () -> TaDeclaration.ofJar(jar));
        assertEquals("the TA's JAR has no class org.example.Missing, which its manifest names", e.getMessage());
    }

    @Test
    void requireUuid_anotherUuid_namesBothAndTheClass() throws Exception {
        TaDeclaration d = TaDeclaration.ofJar(TaJar.of(SampleTa.class));
        UUID other = UUID.fromString("11111111-2222-4333-8444-555555555555");
        TaImageException e = assertThrows(TaImageException.class, () -> d.requireUuid(other));
        assertEquals("the image is for TA " + other + ", but its TA class " + SampleTa.class.getName()
                + " declares @Ta(uuid = \"" + SAMPLE + "\")", e.getMessage());
        d.requireUuid(SAMPLE);
    }

    @Test
    void ofClassFile_classWithoutTa_isEmpty() throws Exception {
        try (var in = TaDeclarationTest.class.getResourceAsStream("TaDeclarationTest.class")) {
            assertTrue(TaDeclaration.ofClassFile(in.readAllBytes()).isEmpty());
        }
    }
}
