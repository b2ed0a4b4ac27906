package org.jtee.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.junit.jupiter.api.Test;

class TeeContextTest extends CoreTestBase {

    @Test
    void noCoreIsCommunicationErrorNamingThePath() {
        Path nowhere = dir.resolve("nowhere.sock");
        TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> TeeContext.open(nowhere));
        assertTrue(e.getMessage().contains("no jtee core at " + nowhere), e.getMessage());
        assertTrue(e.getMessage().contains("bin/jtee up"), e.getMessage());
    }

    @Test
    void staleSocketFileIsCommunicationError() throws Exception {
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(stale));
        s.close(); // the file stays, nobody listens
        TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> TeeContext.open(stale));
        assertTrue(e.getMessage().contains(stale.toString()), e.getMessage());
    }

    @Test
    void helloIsSentAsClientAndARefusalIsThrown() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            assertTrue(ctx.isOpen());
            assertEquals(core.socket, ctx.socket());
        }
        Message.Hello hello = (Message.Hello) core.requestsOfType(Wire.HELLO).get(0).message();
        assertEquals(new Message.Hello(1, 2, Wire.ROLE_CLIENT), hello);

        core.helloResult = TeeResult.ACCESS_DENIED;
        assertTee(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, () -> TeeContext.open(core.socket));
    }

    @Test
    void aCoreThatChoosesAVersionThisClientDoesNotSpeakIsCommunicationError() {
        core.helloVersion = 3;
        TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> TeeContext.open(core.socket));
        assertTrue(e.getMessage().contains("the core chose protocol version 3, this client speaks versions 1..2"),
                e.getMessage());
        assertTrue(e.getMessage().contains(core.socket.toString()), e.getMessage());
    }

    @Test
    void valuesAreWrittenBackAsUnsigned32BitWords() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            ValueParameter in = ValueParameter.input(7, 8);
            ValueParameter out = ValueParameter.output();
            ValueParameter io = ValueParameter.inout(41, 0xFFFF_FFFF);
            Operation op = Operation.of(in, out, io);
            assertEquals(0x0321, op.paramTypes());
            s.invokeCommand(TestCore.CMD_INC, op);
            assertEquals(7, in.a());
            assertEquals(8, in.b());
            assertEquals(1, out.a());
            assertEquals(1, out.b());
            assertEquals(42, io.a());
            assertEquals(0, io.b()); // 0xFFFFFFFF + 1 = 0x1_0000_0000: the low 32 bits
            WireParam.Value sent = (WireParam.Value) lastInvoke().params().get(2);
            assertEquals(new WireParam.Value(WireParam.VALUE_INOUT, 41, 0xFFFF_FFFFL, 0), sent);
            assertEquals(WireParam.NONE, lastInvoke().params().get(3).type());

            // reuse, one call after another; an output value travels as zeros
            s.invokeCommand(TestCore.CMD_INC, op);
            assertEquals(43, io.a());
            assertEquals(1, io.b());
            assertEquals(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), lastInvoke().params().get(1));
            assertEquals(1, out.a());
        }
    }

    @Test
    void nullOperationSendsNoParameters() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            s.invokeCommand(TestCore.CMD_INC, null);
            assertTrue(lastInvoke().params().isEmpty());
            assertEquals(TestCore.CMD_INC, lastInvoke().commandId());
            assertEquals(s.id(), lastInvoke().sessionId());
        }
    }

    @Test
    void errorsCarryResultOriginAndTheCall() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            TeeException e = assertTee(TeeResult.GENERIC, ReturnOrigin.TRUSTED_APP, () -> s.invokeCommand(
                    TestCore.CMD_RESULT, Operation.of(ValueParameter.input(TeeResult.GENERIC, ReturnOrigin.TRUSTED_APP))));
            assertTrue(e.getMessage().contains("InvokeCommand 0xa on session " + s.id()), e.getMessage());
            assertTee(0x1234, ReturnOrigin.TEE, () -> s.invokeCommand(
                    TestCore.CMD_RESULT, Operation.of(ValueParameter.input(0x1234, ReturnOrigin.TEE))));
            assertTee(TeeResult.NOT_SUPPORTED, ReturnOrigin.TRUSTED_APP, () -> s.invokeCommand(0xdead, null));
        }
    }

    @Test
    void theCoresReasonForAFailure_endsTheMessage() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            TeeException e = assertTee(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                    () -> ctx.openSession(TestCore.MISSING_TA, LoginMethod.PUBLIC, null));
            assertEquals("TEE_ERROR_ITEM_NOT_FOUND (origin TEE): OpenSession of TA " + TestCore.MISSING_TA + ": "
                    + TestCore.MISSING_TA_DETAIL, e.getMessage());
        }
    }

    @Test
    void aVersionOneCore_sendsNoReason() throws Exception {
        core.helloVersion = 1;
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            TeeException e = assertTee(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                    () -> ctx.openSession(TestCore.MISSING_TA, LoginMethod.PUBLIC, null));
            assertEquals("TEE_ERROR_ITEM_NOT_FOUND (origin TEE): OpenSession of TA " + TestCore.MISSING_TA, e.getMessage());
        }
    }

    @Test
    void openSessionWritesBackBeforeThrowing() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            ValueParameter v = ValueParameter.inout(1, 2);
            TeeException e = assertTee(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                    () -> ctx.openSession(TestCore.MISSING_TA, LoginMethod.PUBLIC, Operation.of(v)));
            assertTrue(e.getMessage().contains("OpenSession of TA " + TestCore.MISSING_TA), e.getMessage());
            assertEquals(2, v.a());
            assertEquals(3, v.b());
            try (TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, Operation.of(v))) {
                assertEquals(3, v.a());
                assertTrue(s.id() > 0);
            }
        }
    }

    @Test
    void groupLoginCarriesTheGroupIdOthersDoNot() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            ctx.openSession(TA, LoginMethod.GROUP, 1234, null).close();
            ctx.openSession(TA, LoginMethod.USER, 99, null).close();
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.openSession(TA, LoginMethod.GROUP, null));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.openSession(null, LoginMethod.PUBLIC, null));
        }
        var opens = core.requestsOfType(Wire.OPEN_SESSION);
        assertEquals(2, opens.size());
        Message.OpenSession group = (Message.OpenSession) opens.get(0).message();
        assertEquals(TA, group.ta());
        assertEquals(LoginMethod.GROUP, group.login());
        assertEquals(1234, group.connectionData());
        Message.OpenSession user = (Message.OpenSession) opens.get(1).message();
        assertEquals(LoginMethod.USER, user.login());
        assertEquals(0, user.connectionData());
    }

    @Test
    void tempOutputShortBufferReportsTheSizeAndCopiesNothing() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            byte[] buf = new byte[4];
            TempMemory out = TempMemory.output(buf);
            assertEquals(4, out.size());
            TeeException e = assertTee(TeeResult.SHORT_BUFFER, ReturnOrigin.TRUSTED_APP, () -> s.invokeCommand(
                    TestCore.CMD_TEMP, Operation.of(out, ValueParameter.input(10, 0))));
            assertTrue(e.getMessage().contains("InvokeCommand 0x2"), e.getMessage());
            assertEquals(10, out.size()); // written back before the exception
            assertArrayEquals(new byte[4], buf, "libteec copies nothing back when the size does not fit");
            WireParam.TempMem sent = (WireParam.TempMem) lastInvoke().params().get(0);
            assertEquals(WireParam.TMEM_OUT, sent.type());
            assertEquals(4, sent.size());
            assertEquals(0, sent.data().length); // output only: no bytes travel in

            TempMemory big = TempMemory.output(16);
            s.invokeCommand(TestCore.CMD_TEMP, Operation.of(big, ValueParameter.input(10, 0)));
            assertEquals(10, big.size());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, big.data());
            assertEquals(0, big.buffer()[10]);
        }
    }

    @Test
    void tempInputAndInoutCarryTheirBytes() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            byte[] data = {9, 8, 7};
            TempMemory in = TempMemory.input(data);
            s.invokeCommand(TestCore.CMD_INC, Operation.of(in));
            WireParam.TempMem sent = (WireParam.TempMem) lastInvoke().params().get(0);
            assertEquals(WireParam.TMEM_IN, sent.type());
            assertArrayEquals(data, sent.data());
            assertEquals(3, in.size());

            byte[] io = {5, 5, 5, 5, 5};
            TempMemory inout = TempMemory.inout(io);
            s.invokeCommand(TestCore.CMD_TEMP, Operation.of(inout, ValueParameter.input(2, 0)));
            sent = (WireParam.TempMem) lastInvoke().params().get(0);
            assertEquals(WireParam.TMEM_INOUT, sent.type());
            assertArrayEquals(new byte[] {5, 5, 5, 5, 5}, sent.data());
            assertEquals(2, inout.size());
            assertArrayEquals(new byte[] {1, 2, 5, 5, 5}, io);
            assertArrayEquals(new byte[] {1, 2}, inout.data());
        }
    }

    @Test
    void nullTempBufferTravelsAsNullAndLearnsTheSize() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TempMemory.nullBuffer(ParamType.VALUE_INPUT));
        assertThrows(NullPointerException.class, () -> TempMemory.input(null));
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            TempMemory n = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
            assertTrue(n.isNull());
            assertEquals(0, n.size());
            assertNull(n.buffer());
            assertTee(TeeResult.SHORT_BUFFER, ReturnOrigin.TRUSTED_APP,
                    () -> s.invokeCommand(TestCore.CMD_TEMP, Operation.of(n, ValueParameter.input(32, 0))));
            WireParam.TempMem sent = (WireParam.TempMem) lastInvoke().params().get(0);
            assertTrue(sent.isNull());
            assertEquals(0, sent.size());
            assertEquals(32, n.size());
            assertEquals(0, n.data().length);

            TempMemory nin = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT);
            s.invokeCommand(TestCore.CMD_INC, Operation.of(nin));
            sent = (WireParam.TempMem) lastInvoke().params().get(0);
            assertEquals(WireParam.TMEM_IN, sent.type());
            assertTrue(sent.isNull());
        }
    }

    @Test
    void tempBuffersMustFitTheFrameBound() throws Exception {
        core.maxFrameBytes = 64 * 1024;
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            int invokes = count(Wire.INVOKE);
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API,
                    () -> s.invokeCommand(TestCore.CMD_INC, Operation.of(TempMemory.input(new byte[100_000]))));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API,
                    () -> s.invokeCommand(TestCore.CMD_INC, Operation.of(TempMemory.output(100_000))));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> s.invokeCommand(TestCore.CMD_INC,
                    Operation.of(TempMemory.output(40_000), TempMemory.output(40_000))));
            assertEquals(invokes, count(Wire.INVOKE));
            s.invokeCommand(TestCore.CMD_INC, Operation.of(TempMemory.input(new byte[60_000])));
            assertTrue(ctx.isOpen());
        }
    }

    @Test
    void sessionCloseIsIdempotentAndAClosedSessionRefusesCalls() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
            assertFalse(s.isClosed());
            s.close();
            s.close();
            assertTrue(s.isClosed());
            assertEquals(1, count(Wire.CLOSE_SESSION));
            assertEquals(new Message.CloseSession(s.id()), core.requestsOfType(Wire.CLOSE_SESSION).get(0).message());
            assertTee(TeeResult.BAD_STATE, ReturnOrigin.API, () -> s.invokeCommand(TestCore.CMD_INC, null));
        }
    }

    @Test
    void aClosedContextFailsCallsButClosesQuietly() throws Exception {
        TeeContext ctx = TeeContext.open(core.socket);
        TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
        SharedMemory shm = ctx.allocateSharedMemory(16, SharedMemory.INPUT);
        ctx.close();
        ctx.close();
        assertFalse(ctx.isOpen());
        TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS,
                () -> s.invokeCommand(TestCore.CMD_INC, null));
        assertTrue(e.getMessage().contains("the context is closed"), e.getMessage());
        assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> ctx.openSession(TA, LoginMethod.PUBLIC, null));
        assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> ctx.allocateSharedMemory(16, SharedMemory.INPUT));
        s.close();
        shm.close();
    }

    @Test
    void aPendingInterruptDoesNotBreakTheContextAndIsKept() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(1, 1);
            Thread.currentThread().interrupt();
            try {
                s.invokeCommand(TestCore.CMD_INC, Operation.of(v));
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt status is kept");
            }
            s.invokeCommand(TestCore.CMD_INC, Operation.of(v));
            assertEquals(3, v.a());
            assertTrue(ctx.isOpen());
        }
    }

    @Test
    void operationShape() {
        assertThrows(IllegalArgumentException.class, () -> Operation.of(null, null, null, null, null));
        Operation empty = Operation.of();
        assertEquals(0, empty.paramTypes());
        assertNull(empty.get(3));
        Operation op = new Operation(null, TempMemory.output(1), TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INOUT),
                ValueParameter.output());
        assertEquals(ParamType.pack(0, 6, 7, 2), op.paramTypes());
        assertEquals(ParamType.MEMREF_TEMP_INOUT, ParamType.get(op.paramTypes(), 2));
    }
}
