package org.jtee.core.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One host at a time on a debuggable TA's port, with processes that play hosts ({@link FakeHosts}). */
class DebugPortsTest {
    private static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    @TempDir
    Path dir;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private FakeHosts hosts;

    @BeforeEach
    void start() throws Exception {
        hosts = new FakeHosts(dir, timers, 60_000);
    }

    @AfterEach
    void stop() {
        hosts.close();
        timers.shutdownNow();
    }

    @Test
    void portOfARunningInstance_isRefused_theNewInstanceRunsWithoutADebugger() throws Exception {
        DebugPorts ports = new DebugPorts(60_000);
        int port = freePort();
        assertTrue(ports.reserve(TA, port));
        ports.hold(port, hosts.booting(0));

        assertFalse(ports.reserve(TA, port), "a second instance does not wait for the first one's port");
    }

    @Test
    void portBeingReserved_isRefused() throws Exception {
        DebugPorts ports = new DebugPorts(60_000);
        int port = freePort();
        assertTrue(ports.reserve(TA, port));

        assertFalse(ports.reserve(TA, port));
        ports.release(port);
        assertTrue(ports.reserve(TA, port), "free again once released");
    }

    @Test
    void portOfAnEndedInstance_isTakenOnceItsHostExits() throws Exception {
        DebugPorts ports = new DebugPorts(60_000);
        int port = freePort();
        assertTrue(ports.reserve(TA, port));
        TaHost old = hosts.booting(0);
        ports.hold(port, old);
        old.retire();
        Thread.ofPlatform().start(() -> {
            sleep(300);
            old.kill("its instance ended");
        });

        assertTrue(ports.reserve(TA, port), "the new host waited for the old one's exit");
        assertFalse(old.isAlive());
    }

    @Test
    void endedInstanceWhoseHostDoesNotExit_isKilled_andItsPortTaken() throws Exception {
        DebugPorts ports = new DebugPorts(200);
        int port = freePort();
        assertTrue(ports.reserve(TA, port));
        TaHost old = hosts.booting(0);
        ports.hold(port, old);
        old.retire();

        assertTrue(ports.reserve(TA, port));
        assertTrue(old.process().waitFor(10_000), "the host that lingered was killed");
    }

    @Test
    void portThatAnotherProcessListensOn_isRefused() throws Exception {
        DebugPorts ports = new DebugPorts(60_000);
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));

            assertFalse(ports.reserve(TA, other.getLocalPort()));
            assertTrue(ports.reserve(TA, freePort()), "nothing of the refused port stays reserved");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
