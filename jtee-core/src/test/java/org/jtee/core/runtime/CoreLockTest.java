package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreLockTest {
    @TempDir
    Path state;

    @Test
    void holder_noCoreEverRan_isEmpty() throws Exception {
        assertEquals(Optional.empty(), CoreLock.holder(state));
    }

    @Test
    void acquire_twice_secondIsRefusedNamingTheHolder() throws Exception {
        Path socket = state.resolve("client.sock");
        try (CoreLock first = CoreLock.acquire(state, socket)) {
            CoreLock.Held e = assertThrows(CoreLock.Held.class, () -> CoreLock.acquire(state, state.resolve("other.sock")));
            long pid = ProcessHandle.current().pid();
            assertEquals(new CoreLock.Holder(pid, socket), e.holder());
            assertEquals("another core (pid " + pid + ") runs on the state directory " + state + ", serving " + socket
                    + "; one state directory serves one core", e.getMessage());
            assertEquals(Optional.of(new CoreLock.Holder(pid, socket)), CoreLock.holder(state));
        }
    }

    @Test
    void close_releasesIt_forTheNextCore() throws Exception {
        CoreLock.acquire(state, state.resolve("a.sock")).close();
        assertEquals(Optional.empty(), CoreLock.holder(state), "a stale file names no holder");
        try (CoreLock again = CoreLock.acquire(state, state.resolve("b.sock"))) {
            assertTrue(CoreLock.holder(state).isPresent());
            assertEquals(state.resolve("b.sock"), CoreLock.holder(state).get().clientSocket());
        }
    }
}
