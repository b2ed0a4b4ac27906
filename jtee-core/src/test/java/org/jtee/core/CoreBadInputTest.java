package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.UUID;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.DefaultLocations;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "bad input" list of the foundation: every case answered clearly, nobody else disturbed. */
class CoreBadInputTest {
    @TempDir
    Path home;
    CoreFixture tee;

    @BeforeEach
    void start() throws Exception {
        tee = new CoreFixture(home);
    }

    @AfterEach
    void stop() {
        tee.close();
    }

    private static WireParams values(int type, long a, long b) {
        return WireParams.of(new WireParam.Value(type, a, b, 0), null, null, null);
    }

    /** The core still serves a well-behaved client. */
    private void assertCoreServes() throws TeeException {
        try (TeeContext ctx = tee.context(); TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(40, 2);
            s.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
            assertEquals(42, v.a());
        }
    }

    @Test
    void noCore_communicationErrorNamingTheSocket() {
        Path nowhere = home.resolve("no-core-here.sock");
        TeeException e = assertThrows(TeeException.class, () -> TeeContext.open(nowhere));
        assertEquals(TeeResult.COMMUNICATION, e.result());
        assertEquals(ReturnOrigin.COMMS, e.origin());
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void coreGone_pendingContextFailsWithCommunication() throws Exception {
        TeeContext ctx = tee.context();
        TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null);
        tee.close();
        TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(ProbeTa.CMD_ADD, Operation.of(ValueParameter.inout(1, 1))));
        assertEquals(TeeResult.COMMUNICATION, e.result());
        assertEquals(ReturnOrigin.COMMS, e.origin());
        ctx.close();
    }

    @Test
    void openSession_unknownUuid_itemNotFoundFromTee() throws Exception {
        try (TeeContext ctx = tee.context()) {
            TeeException e = assertThrows(TeeException.class,
                    () -> ctx.openSession(UUID.fromString("00000000-0000-0000-0000-00000000abcd"), LoginMethod.PUBLIC, null));
            assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
            assertEquals(ReturnOrigin.TEE, e.origin());
        }
    }

    @Test
    void invoke_wrongParameterTypes_badParametersFromTa() throws Exception {
        try (TeeContext ctx = tee.context(); TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            TeeException e = assertThrows(TeeException.class,
                    () -> s.invokeCommand(ProbeTa.CMD_ADD, Operation.of(ValueParameter.input(1, 2))));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
        }
    }

    @Test
    void invoke_sessionOfAnotherConnection_notFound() throws Exception {
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket());
                RawConnection b = RawConnection.greeted(tee.config.clientSocket())) {
            var opened = (Message.OpenSessionReply) a.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            assertEquals(TeeResult.SUCCESS, opened.result());
            var reply = (Message.InvokeReply) b.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_ADD,
                    values(WireParam.VALUE_INOUT, 1, 1)));
            assertEquals(TeeResult.ITEM_NOT_FOUND, reply.result());
            assertEquals(ReturnOrigin.TEE, reply.origin());
            var closed = (Message.StatusReply) b.call(new Message.CloseSession(opened.sessionId()));
            assertEquals(TeeResult.ITEM_NOT_FOUND, closed.result());
            var own = (Message.InvokeReply) a.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_ADD,
                    values(WireParam.VALUE_INOUT, 1, 1)));
            assertEquals(TeeResult.SUCCESS, own.result(), "the owner's session survives the other connection's attempts");
        }
    }

    @Test
    void invoke_sharedMemoryOfAnotherConnection_notFound() throws Exception {
        Path segment = Files.createTempFile(DefaultLocations.sharedMemoryDir(), "jtee-shm-test", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket());
                RawConnection b = RawConnection.greeted(tee.config.clientSocket())) {
            Files.write(segment, new byte[4096]);
            var reg = (Message.RegisterShmReply) a.call(new Message.RegisterShm(4096, Wire.SHM_INPUT, segment.toString()));
            assertEquals(TeeResult.SUCCESS, reg.result());
            var opened = (Message.OpenSessionReply) b.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            WireParams params = WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, reg.shmId(), 0, 16),
                    new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null);
            var reply = (Message.InvokeReply) b.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_SUM, params));
            assertEquals(TeeResult.ITEM_NOT_FOUND, reply.result());
            assertEquals(ReturnOrigin.TEE, reply.origin());
            var unreg = (Message.StatusReply) b.call(new Message.UnregisterShm(reg.shmId()));
            assertEquals(TeeResult.ITEM_NOT_FOUND, unreg.result());
        } finally {
            Files.deleteIfExists(segment);
        }
    }

    @Test
    void sharedMemoryReference_outOfBoundsOrAgainstFlags_badParametersFromTee() throws Exception {
        Path segment = Files.createTempFile(DefaultLocations.sharedMemoryDir(), "jtee-shm-test", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket())) {
            Files.write(segment, new byte[4096]);
            var reg = (Message.RegisterShmReply) a.call(new Message.RegisterShm(4096, Wire.SHM_OUTPUT, segment.toString()));
            var opened = (Message.OpenSessionReply) a.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            for (WireParam ref : new WireParam[] {
                new WireParam.ShmRef(WireParam.RMEM_IN, reg.shmId(), 0, 16),
                new WireParam.ShmRef(WireParam.RMEM_OUT, reg.shmId(), 4000, 97),
                new WireParam.ShmRef(WireParam.RMEM_OUT, reg.shmId(), Long.MAX_VALUE, 2)}) {
                WireParams params = WireParams.of(ref, new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null);
                var reply = (Message.InvokeReply) a.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_SUM, params));
                assertEquals(TeeResult.BAD_PARAMETERS, reply.result(), ref.toString());
                assertEquals(ReturnOrigin.TEE, reply.origin());
            }
        } finally {
            Files.deleteIfExists(segment);
        }
    }

    @Test
    void disconnectMidCall_losesOwnSessionsOnly() throws Exception {
        try (TeeContext other = tee.context(); TeeSession survivor = other.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            int closedBefore = ProbeTa.CLOSED.get();
            RawConnection a = RawConnection.greeted(tee.config.clientSocket());
            var opened = (Message.OpenSessionReply) a.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            a.send(99, new Message.Invoke(opened.sessionId(), ProbeTa.CMD_WAIT, values(WireParam.VALUE_IN, 60_000, 0)));
            Thread.sleep(100);
            a.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ProbeTa.CLOSED.get() == closedBefore && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(ProbeTa.CLOSED.get() > closedBefore, "the disconnected client's session was closed");
            ValueParameter v = ValueParameter.inout(1, 1);
            survivor.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
            assertEquals(2, v.a());
        }
    }

    @Test
    void garbage_closesThatConnection_othersServed() throws Exception {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        try (RawConnection a = tee.raw()) {
            a.sendBytes(junk);
            assertTrue(a.isClosedByPeer());
        }
        assertCoreServes();
    }

    @Test
    void oversizedLength_closesConnectionWithoutReadingBody() throws Exception {
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket())) {
            byte[] header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x7fff_ffff).put((byte) 1).put((byte) Wire.INVOKE).putShort((short) 0).putLong(5).array();
            a.sendBytes(header);
            assertTrue(a.isClosedByPeer());
        }
        assertCoreServes();
    }

    @Test
    void truncatedFrame_thenHangUp_coreServesOthers() throws Exception {
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket())) {
            byte[] frame = org.jtee.protocol.Codec.encode(3, new Message.Invoke(1, 0, WireParams.EMPTY)).array();
            a.sendBytes(java.util.Arrays.copyOf(frame, frame.length - 3));
        }
        assertCoreServes();
    }

    @Test
    void callBeforeHello_closesConnection() throws Exception {
        try (RawConnection a = tee.raw()) {
            a.send(1, new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            assertTrue(a.isClosedByPeer());
        }
        assertCoreServes();
    }

    @Test
    void replyTypeFromClient_closesConnection() throws Exception {
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket())) {
            a.send(2, new Message.StatusReply(Wire.CANCEL | Wire.REPLY, 0, 0));
            assertTrue(a.isClosedByPeer());
        }
        assertCoreServes();
    }

    @Test
    void supplicantLinkGarbage_closesIt_realSupplicantStillWelcome() throws Exception {
        MemoryLink garbage = MemoryLink.open();
        tee.core.attachSupplicant(garbage.coreEnd());
        garbage.supplicantEnd().write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}));
        assertEquals(-1, garbage.supplicantEnd().read(ByteBuffer.allocate(1)), "the core closed the link");
        tee.withSupplicant();
        try (TeeContext ctx = tee.context(); TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            s.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(ValueParameter.output()));
        }
        assertCoreServes();
    }

    @Test
    void sharedMemoryOnDisk_refused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("tmpfs".equals(Files.getFileStore(home).type()),
                "the temporary directory is on tmpfs; nothing on disk to refuse");
        Path onDisk = home.resolve("not-shm");
        Files.write(onDisk, new byte[4096]);
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket())) {
            var reg = (Message.RegisterShmReply) a.call(new Message.RegisterShm(4096, Wire.SHM_INPUT, onDisk.toString()));
            assertEquals(TeeResult.BAD_PARAMETERS, reg.result());
        }
    }
}
