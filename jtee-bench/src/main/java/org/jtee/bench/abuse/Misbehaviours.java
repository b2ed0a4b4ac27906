package org.jtee.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jtee.bench.BenchTa;
import org.jtee.bench.IsolatedBenchTa;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Frame;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * The bodies of the connection-level parts of the mix, written with raw frames. Shared memory,
 * panics and sessions: {@link ResourceAbuse}.
 */
final class Misbehaviours {
    /** Bytes of each reply {@link Misbehaviour#NEVER_READ} asks for. */
    static final int NEVER_READ_REPLY_BYTES = 1 << 20;
    /** INVOKEs it sends at once before slowing to one every {@link #NEVER_READ_PERIOD_MILLIS}. */
    static final int NEVER_READ_BURST = 8;
    static final long NEVER_READ_PERIOD_MILLIS = 200;
    static final int DISCONNECT_CALL_MILLIS = 50;
    static final int DISCONNECT_AFTER_MILLIS = 2;
    static final int CANCEL_CALL_MILLIS = 1_000;
    static final int CANCELS_PER_CALL = 20;

    private Misbehaviours() {}

    static AbuseMix.Part.Body of(Misbehaviour m) {
        return switch (m) {
            case NEVER_READ -> p -> reconnecting(p, Misbehaviours::neverRead);
            case CALL_FLOOD -> p -> reconnecting(p, Misbehaviours::callFlood);
            case FRAME_FLOOD -> Misbehaviours::frameFlood;
            case TRUNCATE_SHM -> p -> reconnecting(p, ResourceAbuse::truncateShm);
            case DISCONNECT_MID_CALL -> p -> reconnecting(p, Misbehaviours::disconnectMidCall);
            case CANCEL_LOOP -> p -> reconnecting(p, Misbehaviours::cancelLoop);
            case PANICKING_TA -> p -> reconnecting(p, ResourceAbuse::panickingTa);
            case SESSION_FLOOD -> ResourceAbuse::sessionFlood;
        };
    }

    /** Runs {@code connection} again whenever the core ends it (an IOException), until the mix stops. */
    static void reconnecting(AbuseMix.Part p, AbuseMix.Part.Body connection) throws Exception {
        while (!p.stopping()) {
            try {
                connection.run(p);
            } catch (IOException e) {
                if (p.stopping()) {
                    return;
                }
                p.note("the core ended the connection (" + (e.getMessage() != null ? e.getMessage() : e.toString())
                        + "); connecting again");
                p.round(null);
                p.pause(20);
            }
        }
    }

    static WireParams values(int type, long a) {
        return WireParams.of(new WireParam.Value(type, a, 0, 0), null, null, null);
    }

    private static void neverRead(AbuseMix.Part p) throws IOException {
        RawClient c = p.hold(RawClient.greeted(p.socket));
        int session = c.openSession(BenchTa.UUID);
        WireParams fill = WireParams.of(new WireParam.TempMem(WireParam.TMEM_OUT, false, NEVER_READ_REPLY_BYTES, new byte[0]),
                new WireParam.Value(WireParam.VALUE_IN, 7, 0, 0), null, null);
        for (int sent = 1; !p.stopping(); sent++) {
            c.send(new Message.Invoke(session, BenchTa.CMD_FILL, fill));
            p.round("sent " + sent + " INVOKEs with 1 MiB replies on one connection, read none");
            if (sent >= NEVER_READ_BURST) {
                p.engaged();
                p.pause(NEVER_READ_PERIOD_MILLIS);
            }
        }
    }

    private static void callFlood(AbuseMix.Part p) throws Exception {
        RawClient c = p.hold(RawClient.greeted(p.socket));
        int session = c.openSession(BenchTa.UUID);
        Message noop = new Message.Invoke(session, BenchTa.CMD_NOOP, values(WireParam.VALUE_INOUT, 1));
        Thread writer = Thread.ofPlatform().daemon().name("abuse-call-flood-writer").start(() -> {
            try {
                while (!p.stopping()) {
                    c.send(noop);
                }
            } catch (IOException e) {
                p.release(c); // the reader below then ends too
            }
        });
        try {
            for (long replies = 1; !p.stopping(); replies++) {
                c.read();
                if (replies % 1_000 == 0) {
                    p.round(replies + " replies read on one connection, the writer never waiting for one");
                    p.engaged();
                }
            }
        } finally {
            p.release(c);
            writer.join(AbuseMix.STOP_MILLIS);
        }
    }

    /** Connections with all but the last byte of a 16 MiB INVOKE frame, held until the mix stops. */
    private static void frameFlood(AbuseMix.Part p) {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        int body = Wire.MAX_FRAME_BYTES - Wire.MIN_FRAME_LENGTH;
        for (int i = 1; i <= p.options.frameFloodConnections() && !p.stopping(); i++) {
            try {
                RawClient c = p.hold(RawClient.greeted(p.socket));
                ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                header.putInt(Wire.MAX_FRAME_BYTES).put((byte) Wire.VERSION).put((byte) Wire.INVOKE).putShort((short) 0)
                        .putLong(c.nextId());
                c.writeBytes(header.flip());
                for (int left = body - 1; left > 0; left -= zeros.capacity()) {
                    c.writeBytes(zeros.clear().limit(Math.min(left, zeros.capacity())));
                }
                p.round(i + " connections each hold a 16 MiB frame short of its last byte");
            } catch (IOException e) {
                if (p.stopping()) {
                    return;
                }
                p.note("connection " + i + " of the frame flood was refused or ended: " + e.getMessage());
            }
        }
        p.engaged();
        while (p.pause(100)) {
            Thread.onSpinWait(); // hold the connections until the mix stops
        }
    }

    private static void disconnectMidCall(AbuseMix.Part p) throws IOException {
        while (!p.stopping()) {
            RawClient c = p.hold(RawClient.greeted(p.socket));
            int session = c.openSession(BenchTa.UUID);
            c.send(new Message.Invoke(session, BenchTa.CMD_SLEEP, values(WireParam.VALUE_IN, DISCONNECT_CALL_MILLIS)));
            p.pause(DISCONNECT_AFTER_MILLIS);
            p.release(c);
            p.round("closed the connection " + DISCONNECT_AFTER_MILLIS + " ms into a " + DISCONNECT_CALL_MILLIS + " ms call");
            p.engagedAfter(10);
        }
    }

    /** A long call to a TA in a host, cancelled many times over, plus CANCELs of ids never sent. */
    private static void cancelLoop(AbuseMix.Part p) throws IOException {
        RawClient c = p.hold(RawClient.greeted(p.socket));
        int session = c.openSession(IsolatedBenchTa.UUID);
        while (!p.stopping()) {
            long t0 = System.nanoTime();
            long id = c.send(new Message.Invoke(session, IsolatedBenchTa.CMD_SLEEP, values(WireParam.VALUE_IN, CANCEL_CALL_MILLIS)));
            for (int i = 0; i < CANCELS_PER_CALL; i++) {
                c.send(new Message.Cancel(id));
                c.send(new Message.Cancel(id + 1_000_000 + i));
            }
            Frame f;
            do {
                f = c.read();
            } while (f.requestId() != id);
            int result = ((Message.InvokeReply) f.message()).result();
            p.round("a " + CANCEL_CALL_MILLIS + " ms call cancelled " + CANCELS_PER_CALL + " times ended with "
                    + TeeResult.name(result) + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            p.engagedAfter(2);
        }
    }
}
