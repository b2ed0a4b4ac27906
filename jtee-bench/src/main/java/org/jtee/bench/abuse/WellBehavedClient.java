package org.jtee.bench.abuse;

import java.nio.file.Path;
import org.jtee.bench.BenchTa;
import org.jtee.bench.Checksum;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * A client that does everything right, through the public client API: its own connection and a
 * session to the built-in bench TA. What the abuse mix must not disturb.
 */
public final class WellBehavedClient implements AutoCloseable {
    /** Bytes of each checked call's output. */
    public static final int FILL_BYTES = 64;

    private final TeeContext ctx;
    private volatile TeeSession session;
    private final Operation noop = Operation.of(ValueParameter.inout(1, 2));

    private WellBehavedClient(TeeContext ctx) {
        this.ctx = ctx;
    }

    /** Connects to the core at {@code socket}; {@link #openSession()} comes next. */
    public static WellBehavedClient connect(Path socket) throws TeeException {
        return new WellBehavedClient(TeeContext.open(socket));
    }

    /** Connects and opens the session. */
    public static WellBehavedClient open(Path socket) throws TeeException {
        WellBehavedClient c = connect(socket);
        try {
            c.openSession();
            return c;
        } catch (TeeException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Opens the session to the built-in bench TA. */
    public void openSession() throws TeeException {
        session = ctx.openSession(BenchTa.UUID, LoginMethod.PUBLIC, null);
    }

    /**
     * One checked call: FILL of a {@value #FILL_BYTES}-byte temporary output with {@code seed}.
     *
     * @throws IllegalStateException if the output is not what FILL writes for {@code seed}
     */
    public void checkedCall(int seed) throws TeeException {
        TempMemory out = TempMemory.output(FILL_BYTES);
        session.invokeCommand(BenchTa.CMD_FILL, Operation.of(out, ValueParameter.input(seed, 0)));
        byte[] got = out.data();
        if (got.length != FILL_BYTES) {
            throw new IllegalStateException("FILL wrote back " + got.length + " bytes, expected " + FILL_BYTES);
        }
        for (int i = 0; i < FILL_BYTES; i++) {
            if (got[i] != Checksum.fillByte(seed, i)) {
                throw new IllegalStateException("FILL with seed " + seed + ": byte " + i + " is " + got[i]
                        + ", expected " + Checksum.fillByte(seed, i));
            }
        }
    }

    /** One NOOP, as {@code jtee bench invoke} calls it. */
    public void noop() throws TeeException {
        session.invokeCommand(BenchTa.CMD_NOOP, noop);
    }

    /** Closes the session and the connection; a call blocked in another thread then fails. */
    @Override
    public void close() {
        ctx.close();
    }
}
