package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.jtee.ta.TrustedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInBenchTaTest {
    @TempDir
    Path dir;

    private static List<Class<?>> builtIns(ClassLoader loader) {
        return ServiceLoader.load(TrustedApplication.class, loader).stream().<Class<?>>map(ServiceLoader.Provider::type).toList();
    }

    @Test
    void noJarOnTheClassPath_registersBenchTa() {
        assertTrue(!builtIns(getClass().getClassLoader()).contains(BenchTa.class));
    }

    @Test
    void theClassPathEntry_registersBenchTaAlone() throws Exception {
        Path entry = BuiltInBenchTa.classPathEntryUnder(dir.resolve("built-in"));
        List<Class<?>> found = builtIns(BuiltInBenchTa.loader(entry, getClass().getClassLoader()));
        assertEquals(List.of(BenchTa.class), found);
    }
}
