package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

class TaJarTest {
    private static List<String> entries(byte[] jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void of_taClass_namesItInTheManifest() throws Exception {
        assertEquals(SampleTa.class.getName(), TaJar.taClass(TaJar.of(SampleTa.class)));
    }

    @Test
    void of_taClass_holdsItsMemberLocalAndAnonymousClasses() throws Exception {
        List<String> names = entries(TaJar.of(SampleTa.class));
        assertEquals(List.of("org/jtee/tapkg/SampleTa$1.class", "org/jtee/tapkg/SampleTa$1Local.class",
                "org/jtee/tapkg/SampleTa$Member.class", "org/jtee/tapkg/SampleTa.class"), names);
    }

    @Test
    void of_moreClasses_holdsThemToo() throws Exception {
        assertTrue(entries(TaJar.of(SampleTa.class, TestKeys.class)).contains("org/jtee/tapkg/TestKeys$Kind.class"));
    }

    @Test
    void of_calledTwice_isByteForByteTheSame() {
        assertArrayEquals(TaJar.of(SampleTa.class, TestKeys.class), TaJar.of(SampleTa.class, TestKeys.class));
    }

    @Test
    void of_everyEntry_hasTheFixedTimestamp() throws Exception {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(TaJar.of(SampleTa.class)))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                assertEquals(java.time.LocalDateTime.of(1980, 2, 1, 0, 0), e.getTimeLocal(), e.getName());
            }
        }
    }

    @Test
    void of_jdkClass_refuses() {
        assertThrows(IllegalArgumentException.class, () -> TaJar.of(String.class));
    }

    @Test
    void taClass_jarWithoutTheAttribute_refuses() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, new java.util.jar.Manifest())) {
            out.putNextEntry(new JarEntry("x.txt"));
        }
        var e = assertThrows(IOException.class, () -> TaJar.taClass(bytes.toByteArray()));
        assertTrue(e.getMessage().contains(TaJar.TA_CLASS_ATTRIBUTE), e.getMessage());
    }
}
