package org.jtee.core.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The ports of the TAs named with {@code --ta-debug=UUID:PORT}: one host at a time listens on a
 * TA's port, so that a debugger finds each new instance where it found the last. A new host of the
 * TA takes the port once the host before it has exited; if that host's instance has ended, the new
 * one waits for it (and kills it if it has not exited within the wait). If the port belongs to the
 * host of an instance that still runs (a second instance of a multi-instance TA), or to another
 * process, the new instance runs in an ordinary host, without a debugger, and the log says so:
 * waiting could be for ever, as the first instance may live as long as the core.
 *
 * <p>Each port is free, reserved (a host is being started for it) or held by a host; guarded by
 * this object's monitor.
 */
final class DebugPorts {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    /** How long a port of ours that another process holds is tried again. */
    private static final long FOREIGN_RETRY_MILLIS = 2_000;

    /** Reserved ports map to null, held ones to their host. */
    private final Map<Integer, TaHost> ports = new HashMap<>();
    private final long exitWaitMillis;

    /** Ports whose retired hosts are waited for {@code exitWaitMillis}, then killed. */
    DebugPorts(long exitWaitMillis) {
        this.exitWaitMillis = exitWaitMillis;
    }

    /**
     * Reserves {@code port} for a new host of {@code ta}; false (and logged) if the new instance
     * must run without a debugger.
     */
    boolean reserve(UUID ta, int port) throws InterruptedException {
        if (!reserveFromUs(ta, port)) {
            return false;
        }
        if (!bindable(port)) {
            release(port);
            LOG.log(Level.WARNING, "TA {0}: port {1} is in use by another process; this instance of TA {0} runs "
                    + "WITHOUT a debugger (free the port, or give the TA another: --ta-debug={0}:PORT)",
                    ta, Integer.toString(port));
            return false;
        }
        return true;
    }

    private synchronized boolean reserveFromUs(UUID ta, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(exitWaitMillis);
        boolean killed = false;
        boolean said = false;
        while (ports.containsKey(port)) {
            TaHost holder = ports.get(port);
            if (holder == null || !holder.retired()) {
                LOG.log(Level.WARNING, "TA {0}: another instance of it holds debug port {1}; this instance runs "
                        + "WITHOUT a debugger (one instance of a TA at a time is debuggable)", ta, Integer.toString(port));
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (killed) {
                    LOG.log(Level.WARNING, "TA {0}: TA host {1} still holds debug port {2}; this instance runs "
                            + "WITHOUT a debugger", ta, Long.toString(holder.pid()), Integer.toString(port));
                    return false;
                }
                holder.kill("its instance has ended and TA " + ta + "'s next instance needs debug port " + port);
                killed = true;
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(exitWaitMillis);
                continue;
            }
            if (!said) {
                LOG.log(Level.INFO, "TA {0}: waiting for TA host {1}, whose instance ended, to free debug port {2}",
                        ta, Long.toString(holder.pid()), Integer.toString(port));
                said = true;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        ports.put(port, null);
        return true;
    }

    /** {@code host} listens on reserved {@code port} now; the port is free again when it exits. */
    void hold(int port, TaHost host) {
        synchronized (this) {
            ports.put(port, host);
        }
        host.onExit(() -> release(port));
    }

    /** Frees {@code port}: its host exited, or was never started. */
    synchronized void release(int port) {
        ports.remove(port);
        notifyAll();
    }

    /**
     * Whether a host can listen on 127.0.0.1:{@code port}, as the JVM's debugger agent does
     * ({@code SO_REUSEADDR}, so connections of a debugger to the last host that linger in
     * TIME_WAIT are no obstacle); tried again for a moment, in case the kernel is still closing
     * the sockets of a host that just exited.
     */
    private static boolean bindable(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FOREIGN_RETRY_MILLIS);
        while (true) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
                return true;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
        }
    }
}
