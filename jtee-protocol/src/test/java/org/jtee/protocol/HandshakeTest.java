package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both sides of the HELLO exchange, in memory: the initiating side's frames are fed to the
 * accepting side and back, byte for byte, as a socket or a pipe would carry them.
 */
class HandshakeTest {
    /** The frames {@code channel} wrote, decoded. */
    private static Frame written(MemoryChannel channel) throws Exception {
        byte[] bytes = channel.written();
        Frame f = Frames.decode(bytes);
        assertEquals(Codec.frameSize(f.message()), bytes.length, "exactly one frame written");
        return f;
    }

    /** The core's side, given the bytes the peer sent. */
    private static MemoryChannel acceptFrom(byte[] peerBytes, Link link, int result) throws Exception {
        MemoryChannel core = MemoryChannel.reading(peerBytes);
        Handshake.accept(new FrameChannel(core), link, result);
        return core;
    }

    private static byte[] helloFrame(long requestId, Message.Hello hello) {
        return Frames.encode(requestId, hello);
    }

    // ---- both sides ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Link.class)
    void bothSides_agreeOnVersionTwoAndTheCoresFrameBound(Link link) throws Exception {
        byte[] hello = helloFrame(Handshake.HELLO_REQUEST_ID, Handshake.hello(link));
        MemoryChannel core = acceptFrom(hello, link, TeeResult.SUCCESS);

        MemoryChannel peer = MemoryChannel.reading(core.written());
        Handshake.Agreement agreed = Handshake.initiate(new FrameChannel(peer), link);

        assertArrayEquals(hello, peer.written(), "the peer sent exactly the HELLO the core read");
        assertEquals(new Handshake.Agreement(2, Wire.MAX_FRAME_BYTES), agreed);
    }

    @Test
    void hello_isTheFrameEachLinkSentBefore() {
        assertEquals(new Message.Hello(1, 2, Wire.ROLE_CLIENT), Handshake.hello(Link.CLIENT));
        assertEquals(new Message.Hello(1, 2, Wire.ROLE_SUPPLICANT), Handshake.hello(Link.SUPPLICANT));
        assertEquals(new Message.Hello(1, 2, Wire.ROLE_TA_HOST), Handshake.hello(Link.TA_HOST));
    }

    // ---- accepting side -----------------------------------------------------------------------

    @Test
    void accept_answersWithTheHellosRequestIdAndTheCallersResult() throws Exception {
        MemoryChannel core = acceptFrom(helloFrame(7, Handshake.hello(Link.SUPPLICANT)), Link.SUPPLICANT,
                TeeResult.BUSY);
        Frame reply = written(core);
        assertEquals(7, reply.requestId());
        assertEquals(new Message.HelloReply(TeeResult.BUSY, ReturnOrigin.TEE, 2, Wire.MAX_FRAME_BYTES), reply.message());
    }

    @Test
    void accept_returnsTheReplyItWrote() throws Exception {
        MemoryChannel core = MemoryChannel.reading(helloFrame(1, Handshake.hello(Link.CLIENT)));
        Message.HelloReply r = Handshake.accept(new FrameChannel(core), Link.CLIENT, TeeResult.SUCCESS);
        assertEquals(r, written(core).message());
    }

    @Test
    void accept_choosesTheHighestCommonVersion() throws Exception {
        MemoryChannel core = acceptFrom(helloFrame(1, new Message.Hello(0, 9, Wire.ROLE_CLIENT)), Link.CLIENT,
                TeeResult.SUCCESS);
        assertEquals(2, ((Message.HelloReply) written(core).message()).version());
    }

    @Test
    void accept_aVersionOneClient_getsVersionOne() throws Exception {
        MemoryChannel core = acceptFrom(helloFrame(1, new Message.Hello(1, 1, Wire.ROLE_CLIENT)), Link.CLIENT,
                TeeResult.SUCCESS);
        assertEquals(1, ((Message.HelloReply) written(core).message()).version(), "as libteec's C client speaks");
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void accept_refusesAHelloOfAnotherRole_withoutAnswering(Link link) {
        for (Link other : Link.values()) {
            if (other != link) {
                MemoryChannel core = MemoryChannel.reading(helloFrame(1, Handshake.hello(other)));
                ProtocolException e = assertThrows(ProtocolException.class,
                        () -> Handshake.accept(new FrameChannel(core), link, TeeResult.SUCCESS));
                assertEquals("HELLO of role " + other.role() + " (" + other.peer() + ") on the " + link.peer()
                        + " link, which takes role " + link.role(), e.getMessage());
                assertEquals(0, core.written().length, "no reply to a wrong role");
            }
        }
    }

    @Test
    void accept_answersNoCommonVersionWithNotSupported_andFails() throws Exception {
        MemoryChannel core = MemoryChannel.reading(helloFrame(3, new Message.Hello(3, 5, Wire.ROLE_CLIENT)));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Handshake.accept(new FrameChannel(core), Link.CLIENT, TeeResult.SUCCESS));
        assertEquals("no common protocol version: the client speaks versions 3..5, the core versions 1..2", e.getMessage());
        Frame reply = written(core);
        assertEquals(3, reply.requestId());
        assertEquals(new Message.HelloReply(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, 2, Wire.MAX_FRAME_BYTES),
                reply.message());
    }

    @Test
    void accept_answersNoCommonVersionWithNotSupported_evenWhenTheCallerWouldRefuse() throws Exception {
        MemoryChannel core = MemoryChannel.reading(helloFrame(1, new Message.Hello(0, 0, Wire.ROLE_SUPPLICANT)));
        assertThrows(ProtocolException.class,
                () -> Handshake.accept(new FrameChannel(core), Link.SUPPLICANT, TeeResult.BUSY));
        assertEquals(TeeResult.NOT_SUPPORTED, ((Message.HelloReply) written(core).message()).result());
    }

    @Test
    void accept_refusesAFirstFrameThatIsNotHello_withoutAnswering() {
        byte[] invoke = Frames.encode(1, new Message.Invoke(1, 2, WireParams.EMPTY));
        MemoryChannel core = MemoryChannel.reading(invoke);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Handshake.accept(new FrameChannel(core), Link.CLIENT, TeeResult.SUCCESS));
        assertEquals("the first frame from a client must be HELLO, got INVOKE", e.getMessage());
        assertEquals(0, core.written().length);
    }

    @Test
    void accept_refusesAHelloReplyAsFirstFrame() {
        byte[] reply = Frames.encode(1, new Message.HelloReply(0, 3, 1, Wire.MAX_FRAME_BYTES));
        MemoryChannel core = MemoryChannel.reading(reply);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Handshake.accept(new FrameChannel(core), Link.TA_HOST, TeeResult.SUCCESS));
        assertEquals("the first frame from a TA host must be HELLO, got HELLO_REPLY", e.getMessage());
    }

    @Test
    void accept_reportsAPeerThatLeftBeforeHelloAsEndOfStream() {
        MemoryChannel core = MemoryChannel.reading(new byte[0]);
        EOFException e = assertThrows(EOFException.class,
                () -> Handshake.accept(new FrameChannel(core), Link.TA_HOST, TeeResult.SUCCESS));
        assertEquals("the TA host closed the link before HELLO", e.getMessage());
    }

    @Test
    void accept_withAFrameInHand_writesThroughTheCallersWriter() throws Exception {
        Frame first = new Frame(9, Handshake.hello(Link.CLIENT));
        MemoryChannel out = MemoryChannel.reading(new byte[0]);
        FrameChannel frames = new FrameChannel(out);
        Message.HelloReply r = Handshake.accept(Link.CLIENT, first, TeeResult.SUCCESS, frames::write);
        assertEquals(TeeResult.SUCCESS, r.result());
        assertEquals(9, written(out).requestId());
    }

    // ---- initiating side ----------------------------------------------------------------------

    private static FrameChannel coreAnswering(Frame... frames) {
        ByteBuffer all = ByteBuffer.allocate(1 << 16);
        for (Frame f : frames) {
            all.put(Frames.encode(f.requestId(), f.message()));
        }
        byte[] bytes = new byte[all.position()];
        all.flip().get(bytes);
        return new FrameChannel(MemoryChannel.reading(bytes));
    }

    @Test
    void initiate_throwsTheCoresRefusalWithItsResultAndOrigin() {
        FrameChannel frames = coreAnswering(new Frame(1,
                new Message.HelloReply(TeeResult.BUSY, ReturnOrigin.TEE, 1, Wire.MAX_FRAME_BYTES)));
        Handshake.Refused e = assertThrows(Handshake.Refused.class,
                () -> Handshake.initiate(frames, Link.SUPPLICANT));
        assertEquals(TeeResult.BUSY, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        assertEquals("the core refused this supplicant: TEE_ERROR_BUSY", e.getMessage());
    }

    @Test
    void initiate_refusesAVersionItDoesNotSpeak() {
        FrameChannel frames = coreAnswering(new Frame(1,
                new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 3, Wire.MAX_FRAME_BYTES)));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Handshake.initiate(frames, Link.CLIENT));
        assertEquals("the core chose protocol version 3, this client speaks versions 1..2", e.getMessage());
    }

    @Test
    void initiate_refusesAReplyToAnotherRequest() {
        FrameChannel frames = coreAnswering(new Frame(2,
                new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 1, Wire.MAX_FRAME_BYTES)));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Handshake.initiate(frames, Link.TA_HOST));
        assertEquals("the HELLO reply names request 2, HELLO was request 1", e.getMessage());
    }

    @Test
    void initiate_refusesAnAnswerThatIsNotAHelloReply() {
        FrameChannel frames = coreAnswering(new Frame(1, new Message.Destroy()));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Handshake.initiate(frames, Link.TA_HOST));
        assertEquals("the core answered HELLO with DESTROY", e.getMessage());
    }

    @Test
    void initiate_refusesATypeTheLinkDoesNotCarry() {
        FrameChannel frames = coreAnswering(new Frame(1, new Message.Destroy()));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Handshake.initiate(frames, Link.SUPPLICANT));
        assertEquals("the core may not send DESTROY to a supplicant", e.getMessage());
    }

    @Test
    void initiate_reportsACoreThatLeftAsEndOfStream() {
        FrameChannel frames = coreAnswering();
        EOFException e = assertThrows(EOFException.class, () -> Handshake.initiate(frames, Link.TA_HOST));
        assertTrue(e.getMessage().contains("before it answered HELLO"), e.getMessage());
    }

    @Test
    void initiate_appliesTheCoresFrameBound() throws Exception {
        FrameChannel frames = coreAnswering(
                new Frame(1, new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 1, 100)),
                new Frame(5, new Message.RpcRequest(Rpc.GET_TIME, WireParams.of(
                        new WireParam.TempMem(WireParam.TMEM_IN, false, 200, new byte[200]), null, null, null))));
        assertEquals(100, Handshake.initiate(frames, Link.SUPPLICANT).maxFrameBytes());
        ProtocolException e = assertThrows(ProtocolException.class, frames::read);
        assertTrue(e.getMessage().contains("outside 12..100"), e.getMessage());
    }

    @Test
    void checkReply_acceptsWhatTheClientGetsThroughItsOwnCall() throws Exception {
        Message reply = new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 1, 4096);
        assertEquals(new Handshake.Agreement(1, 4096), Handshake.checkReply(Link.CLIENT, reply));
    }
}
