package org.jtee.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.jtee.bench.BenchTa;
import org.jtee.bench.IsolatedBenchTa;
import org.jtee.bench.PanickingTa;
import org.jtee.client.TeeContext;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/** The parts of the mix that abuse resources: shared memory, TA instances, TA hosts. */
final class ResourceAbuse {
    /** Bytes of each segment {@link Misbehaviour#TRUNCATE_SHM} registers, then truncates. */
    static final int SEGMENT_BYTES = 64 << 10;
    static final long PANIC_PERIOD_MILLIS = 50;
    /** How long it waits for an answer before it gives the connection up and starts again. */
    static final long REPLY_BOUND_MILLIS = 1_000;
    /** Calls answered or given up after which the part has done its damage. */
    static final int ENGAGED_CALLS = 6;
    private static final int[] KINDS = {WireParam.RMEM_IN, WireParam.RMEM_OUT, WireParam.RMEM_INOUT};

    private ResourceAbuse() {}

    /**
     * Each round: a new segment, registered, truncated to 0 and unlinked, then passed as one memref
     * kind (in turn input, output, in/out) to the built-in bench TA, the system PTA (PING, which
     * ignores it) and a TA in a host. A call not answered within {@value #REPLY_BOUND_MILLIS} ms
     * ends the connection, and the part starts again on a new one.
     */
    static void truncateShm(AbuseMix.Part p) throws IOException {
        p.engagedAfter(ENGAGED_CALLS); // counting the calls given up on earlier connections
        RawClient c = p.hold(RawClient.greeted(p.socket));
        int[] sessions = {c.openSession(BenchTa.UUID), c.openSession(SystemPtaContract.UUID), c.openSession(IsolatedBenchTa.UUID)};
        String[] names = {"the built-in bench TA", "the system PTA", "a TA in a host"};
        for (int round = 0; !p.stopping(); round++) {
            int shmId = registerTruncated(c, p.options.shmDirectory());
            int kind = KINDS[round % KINDS.length];
            for (int t = 0; t < sessions.length; t++) {
                p.note("waiting for the reply to " + kindName(kind) + " into a truncated segment, sent to " + names[t]);
                Message.InvokeReply r = (Message.InvokeReply) c.callWithin(invokeInto(sessions[t], t == 1, kind, shmId),
                        REPLY_BOUND_MILLIS);
                p.round(kindName(kind) + " into a truncated segment, sent to " + names[t] + ": " + TeeResult.name(r.result()));
                p.engagedAfter(ENGAGED_CALLS);
            }
            c.call(new Message.UnregisterShm(shmId));
        }
    }

    /** Creates, registers, truncates and unlinks a segment file; returns its id. */
    private static int registerTruncated(RawClient c, Path dir) throws IOException {
        Path file = dir.resolve("jtee-abuse-" + UUID.randomUUID());
        try (FileChannel f = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            f.write(ByteBuffer.allocate(1), SEGMENT_BYTES - 1);
            Message.RegisterShmReply r = (Message.RegisterShmReply) c.call(
                    new Message.RegisterShm(SEGMENT_BYTES, Wire.SHM_INPUT | Wire.SHM_OUTPUT, file.toString()));
            if (r.result() != 0) {
                throw new IOException("REGISTER_SHM refused: " + TeeResult.name(r.result()));
            }
            f.truncate(0);
            return r.shmId();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** READ for an input, FILL for an output, NOOP for in/out; PING to the system PTA with the memref in p1. */
    private static Message invokeInto(int session, boolean systemPta, int kind, int shmId) {
        WireParam ref = new WireParam.ShmRef(kind, shmId, 0, SEGMENT_BYTES);
        if (systemPta) {
            return new Message.Invoke(session, SystemPtaContract.CMD_PING,
                    WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), ref, null, null));
        }
        return switch (kind) {
            case WireParam.RMEM_IN -> new Message.Invoke(session, BenchTa.CMD_READ,
                    WireParams.of(ref, new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null));
            case WireParam.RMEM_OUT -> new Message.Invoke(session, BenchTa.CMD_FILL,
                    WireParams.of(ref, new WireParam.Value(WireParam.VALUE_IN, 3, 0, 0), null, null));
            default -> new Message.Invoke(session, BenchTa.CMD_NOOP, WireParams.of(ref, null, null, null));
        };
    }

    private static String kindName(int kind) {
        return switch (kind) {
            case WireParam.RMEM_IN -> "an input reference";
            case WireParam.RMEM_OUT -> "an output reference";
            default -> "an in/out reference";
        };
    }

    /** Opens sessions to {@link PanickingTa}, one at a time, each ending its instance and host. */
    static void panickingTa(AbuseMix.Part p) throws IOException {
        try (TeeContext ctx = p.hold(open(p))) {
            while (!p.stopping()) {
                try {
                    ctx.openSession(PanickingTa.UUID, LoginMethod.PUBLIC, null).close();
                    p.note("a session to the panicking TA opened");
                } catch (TeeException e) {
                    connectionLost(e);
                    p.round("opening a session to a TA that panics: " + TeeResult.name(e.result()));
                    p.engagedAfter(2);
                }
                p.pause(PANIC_PERIOD_MILLIS);
            }
        }
    }

    /**
     * Opens sessions to {@link IsolatedBenchTa} (multi instance: a new host each) until the core
     * refuses one or the bound is reached, then holds them until the mix stops.
     */
    static void sessionFlood(AbuseMix.Part p) throws IOException {
        try (TeeContext ctx = p.hold(open(p))) {
            int opened = 0;
            while (!p.stopping() && opened < p.options.sessionFloodBound()) {
                try {
                    ctx.openSession(IsolatedBenchTa.UUID, LoginMethod.PUBLIC, null);
                    opened++;
                    p.round(opened + " sessions open, each its own TA instance in its own host");
                } catch (TeeException e) {
                    if (p.stopping()) {
                        return;
                    }
                    p.refused(e.result(), "the core refused session " + (opened + 1) + ": " + TeeResult.name(e.result())
                            + " (origin " + ReturnOrigin.name(e.origin()) + "): " + e.getMessage());
                    break;
                }
            }
            if (p.report().refusal() == null && !p.stopping()) {
                p.note("no refusal in " + opened + " opens, the bound");
            }
            p.engaged();
            while (p.pause(100)) {
                Thread.onSpinWait(); // hold the sessions until the mix stops
            }
        }
    }

    private static TeeContext open(AbuseMix.Part p) throws IOException {
        try {
            return TeeContext.open(p.socket);
        } catch (TeeException e) {
            throw new IOException("cannot connect: " + e.getMessage(), e);
        }
    }

    /** Turns a lost connection into the IOException {@link Misbehaviours#reconnecting} expects. */
    private static void connectionLost(TeeException e) throws IOException {
        if (e.result() == TeeResult.COMMUNICATION && e.origin() == ReturnOrigin.COMMS) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
