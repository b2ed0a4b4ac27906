package org.jtee.protocol;

import java.io.EOFException;
import java.io.IOException;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;

/**
 * The HELLO exchange that opens each of the three {@link Link}s, for both of its sides.
 *
 * <pre>
 *   initiating side (client, supplicant, TA host)              core (accepting side)
 *   initiate / hello()  --- HELLO(min..max, role) -------->   accept: first frame a HELLO?
 *                                                                     of this link's role?
 *                                                                     a version in common?
 *   checkReply  <------- HELLO reply(result, version, bound) ---      result SUCCESS, or the
 *                                                                     caller's (e.g. BUSY), or
 *                                                                     NOT_SUPPORTED
 * </pre>
 * Every side of this implementation speaks versions {@link Wire#VERSION} to
 * {@link Wire#MAX_VERSION} (a peer built elsewhere, such as the C client library, may speak
 * only version 1); the chosen version is the highest both speak. A first frame that is not a HELLO, or a HELLO of another link's role, is a protocol
 * error and gets no reply. No common version gets a {@code TEE_ERROR_NOT_SUPPORTED} reply, and
 * is then a protocol error too. See {@code docs/protocol.md}, "Version handshake".
 */
public final class Handshake {
    /** The lowest protocol version this side speaks. */
    public static final int MIN_VERSION = Wire.VERSION;
    /** The highest protocol version this side speaks. */
    public static final int MAX_VERSION = Wire.MAX_VERSION;
    /** The request id of the HELLO that {@link #initiate} sends. */
    public static final long HELLO_REQUEST_ID = 1;

    private Handshake() {}

    /** What the two sides agreed: the version of every later frame, and the core's frame bound. */
    public record Agreement(int version, int maxFrameBytes) {}

    /** Writes one frame: {@link FrameChannel#write} or the caller's own writer. */
    @FunctionalInterface
    public interface FrameWriter {
        void write(long requestId, Message message) throws IOException;
    }

    /** The core answered HELLO with a result other than {@code TEE_SUCCESS}. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int result;
        private final int origin;

        Refused(Link link, int result, int origin) {
            super("the core refused this " + link.peer() + ": " + TeeResult.name(result));
            this.result = result;
            this.origin = origin;
        }

        /** The GP result of the HELLO reply, e.g. {@code TEE_ERROR_BUSY}. */
        public int result() {
            return result;
        }

        /** The return origin of the HELLO reply. */
        public int origin() {
            return origin;
        }
    }

    // ---- initiating side: client, supplicant, TA host ----

    /** The HELLO that the initiating side of {@code link} sends: its role and the versions it speaks. */
    public static Message.Hello hello(Link link) {
        return new Message.Hello(MIN_VERSION, MAX_VERSION, link.role());
    }

    /**
     * Checks the core's answer to {@link #hello(Link)}, for a caller that sends HELLO and matches
     * the reply by request id itself. The caller then applies {@link Agreement#maxFrameBytes()} to
     * its {@link FrameChannel}. jtee-client's {@code Connection.hello} is such a caller.
     *
     * @throws Refused if the core refused the link (its result and origin are in the exception)
     * @throws ProtocolException if {@code reply} is not a HELLO reply, or chose a version this side
     *     does not speak
     */
    public static Agreement checkReply(Link link, Message reply) throws Refused, ProtocolException {
        if (!(reply instanceof Message.HelloReply r)) {
            throw new ProtocolException("the core answered HELLO with " + Wire.typeName(reply.type()));
        }
        if (r.result() != TeeResult.SUCCESS) {
            throw new Refused(link, r.result(), r.origin());
        }
        if (r.version() < MIN_VERSION || r.version() > MAX_VERSION) {
            throw new ProtocolException("the core chose protocol version " + r.version() + ", this " + link.peer()
                    + " speaks " + range(MIN_VERSION, MAX_VERSION));
        }
        return new Agreement(r.version(), r.maxFrameBytes());
    }

    /**
     * The whole exchange on a fresh {@code frames}: sends {@link #hello(Link)} as request
     * {@link #HELLO_REQUEST_ID}, reads and checks the reply, and applies the core's frame bound
     * to {@code frames}.
     *
     * <p>Intended use — the supplicant ({@code Supplicant.connect}) and the TA host
     * ({@code TaHostMain.main}):
     * <pre>{@code
     * FrameChannel frames = new FrameChannel(channel);
     * Handshake.initiate(frames, Link.SUPPLICANT);   // or Link.TA_HOST
     * }</pre>
     * A TA host whose core is gone before it answers catches {@link EOFException} and exits.
     *
     * @throws EOFException if the core closed the link before it answered
     * @throws Refused if the core refused the link, e.g. {@code TEE_ERROR_BUSY} to a second supplicant
     * @throws ProtocolException if the answer is not a HELLO reply to this HELLO with a version
     *     this side speaks
     * @throws IOException if the channel fails
     */
    public static Agreement initiate(FrameChannel frames, Link link) throws IOException, ProtocolException, Refused {
        frames.write(HELLO_REQUEST_ID, hello(link));
        Frame reply = frames.read();
        if (reply == null) {
            throw new EOFException("the core closed the link before it answered HELLO");
        }
        link.checkFromCore(reply.message());
        if (!(reply.message() instanceof Message.HelloReply)) {
            throw new ProtocolException("the core answered HELLO with " + Wire.typeName(reply.message().type()));
        }
        if (reply.requestId() != HELLO_REQUEST_ID) {
            throw new ProtocolException("the HELLO reply names request " + Long.toUnsignedString(reply.requestId())
                    + ", HELLO was request " + HELLO_REQUEST_ID);
        }
        Agreement agreed = checkReply(link, reply.message());
        frames.maxFrameBytes(agreed.maxFrameBytes());
        return agreed;
    }

    // ---- accepting side: the core ----

    /**
     * Reads the first frame from {@code frames} and answers it as {@link #accept(Link, Frame, int,
     * FrameWriter)} does.
     *
     * <p>Intended use — the core's side of the TA host link ({@code TaHost.awaitHello}):
     * <pre>{@code
     * try {
     *     Handshake.accept(frames, Link.TA_HOST, TeeResult.SUCCESS);
     * } catch (EOFException e) {
     *     throw new IOException("TA host " + pid() + " did not start: " + exitDescription());
     * }
     * }</pre>
     */
    public static Message.HelloReply accept(FrameChannel frames, Link link, int result)
            throws IOException, ProtocolException {
        return accept(link, frames.read(), result, frames::write);
    }

    /**
     * Checks the first frame a peer sent on {@code link} and answers it: with
     * {@code TEE_ERROR_NOT_SUPPORTED} if the two sides have no version in common, else with
     * {@code result} and the chosen version. The frame bound announced is
     * {@link Wire#MAX_FRAME_BYTES}. The caller goes on with the link only if {@code result} is
     * {@code TEE_SUCCESS}, and closes it otherwise.
     *
     * <p>Intended use — the client link, where the connection's reader hands over the first frame
     * ({@code ClientConnection.hello}):
     * <pre>{@code
     * Handshake.accept(Link.CLIENT, frame, TeeResult.SUCCESS, this::reply);
     * greeted = true;
     * }</pre>
     * and the supplicant link, where the result depends on whether a supplicant is connected, and
     * the link must become current before any RPC is written ({@code SupplicantLink.greet}):
     * <pre>{@code
     * Frame f = frames.read();
     * synchronized (this) {
     *     int result = current == null ? TeeResult.SUCCESS : TeeResult.BUSY;
     *     if (Handshake.accept(Link.SUPPLICANT, f, result, frames::write).result() != TeeResult.SUCCESS) {
     *         return false;   // refused a second supplicant
     *     }
     *     current = frames;
     * }
     * }</pre>
     *
     * @param first the first frame the peer sent; null if it closed the link before sending one
     * @param result the result to answer a valid HELLO with, e.g. {@code TEE_SUCCESS} or
     *     {@code TEE_ERROR_BUSY}
     * @param out writes the HELLO reply
     * @return the HELLO reply written
     * @throws EOFException if {@code first} is null
     * @throws ProtocolException if {@code first} is not a HELLO of {@code link}'s role, or the
     *     two sides have no version in common (after the NOT_SUPPORTED reply is written)
     * @throws IOException if writing the reply fails
     */
    public static Message.HelloReply accept(Link link, Frame first, int result, FrameWriter out)
            throws IOException, ProtocolException {
        Message.Hello hello = expectHello(link, first);
        int version = chooseVersion(hello);
        if (version < 0) {
            out.write(first.requestId(), reply(TeeResult.NOT_SUPPORTED, MAX_VERSION));
            throw new ProtocolException("no common protocol version: the " + link.peer() + " speaks "
                    + range(hello.minVersion(), hello.maxVersion()) + ", the core "
                    + range(MIN_VERSION, MAX_VERSION));
        }
        Message.HelloReply r = reply(result, version);
        out.write(first.requestId(), r);
        return r;
    }

    private static Message.Hello expectHello(Link link, Frame first) throws EOFException, ProtocolException {
        if (first == null) {
            throw new EOFException("the " + link.peer() + " closed the link before HELLO");
        }
        if (!(first.message() instanceof Message.Hello hello)) {
            throw new ProtocolException("the first frame from a " + link.peer() + " must be HELLO, got "
                    + Wire.typeName(first.message().type()));
        }
        if (hello.role() != link.role()) {
            Link claimed = Link.ofRole(hello.role());
            throw new ProtocolException("HELLO of role " + hello.role()
                    + (claimed != null ? " (" + claimed.peer() + ")" : "") + " on the " + link.peer()
                    + " link, which takes role " + link.role());
        }
        return hello;
    }

    /** The highest version both sides speak, or -1 if there is none. */
    static int chooseVersion(Message.Hello hello) {
        int version = Math.min(hello.maxVersion(), MAX_VERSION);
        return version >= Math.max(hello.minVersion(), MIN_VERSION) ? version : -1;
    }

    private static Message.HelloReply reply(int result, int version) {
        return new Message.HelloReply(result, ReturnOrigin.TEE, version, Wire.MAX_FRAME_BYTES);
    }

    private static String range(int min, int max) {
        return min == max ? "version " + min : "versions " + min + ".." + max;
    }
}
