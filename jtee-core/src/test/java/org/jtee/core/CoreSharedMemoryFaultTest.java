package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that shrinks a registered segment and then names it in a call: every memory-reference
 * slot kind is refused with {@code TEE_ERROR_BAD_PARAMETERS} from the TEE, the TA is never blamed,
 * and the core goes on serving everyone (more such calls than there are call slots).
 */
class CoreSharedMemoryFaultTest {
    private static final int SEGMENT_BYTES = 2 * 4096;

    @TempDir
    Path home;
    CoreFixture tee;
    Path segment;

    @BeforeEach
    void start() throws Exception {
        tee = new CoreFixture(home);
        segment = Files.createTempFile(DefaultLocations.sharedMemoryDir(), "jtee-shm-test", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(segment, new byte[SEGMENT_BYTES]);
    }

    @AfterEach
    void stop() throws Exception {
        tee.close();
        Files.deleteIfExists(segment);
    }

    /** Whole and partial references, each direction: 3 x 2 slot kinds. */
    private static WireParam[] everySlotKind(int shmId) {
        return new WireParam[] {
            new WireParam.ShmRef(WireParam.RMEM_IN, shmId, 0, SEGMENT_BYTES),
            new WireParam.ShmRef(WireParam.RMEM_OUT, shmId, 0, SEGMENT_BYTES),
            new WireParam.ShmRef(WireParam.RMEM_INOUT, shmId, 0, SEGMENT_BYTES),
            new WireParam.ShmRef(WireParam.RMEM_IN, shmId, 4096 + 100, 200),
            new WireParam.ShmRef(WireParam.RMEM_OUT, shmId, 4096 + 100, 200),
            new WireParam.ShmRef(WireParam.RMEM_INOUT, shmId, 4096 + 100, 200)};
    }

    private void truncate(long bytes) throws Exception {
        try (FileChannel f = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            f.truncate(bytes);
        }
    }

    private void assertRefusedOnEverySlotKind(UUID ta, int command) throws Exception {
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var reg = (Message.RegisterShmReply) c.call(new Message.RegisterShm(SEGMENT_BYTES,
                    Wire.SHM_INPUT | Wire.SHM_OUTPUT, segment.toString()));
            assertEquals(TeeResult.SUCCESS, reg.result());
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ta, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            assertEquals(TeeResult.SUCCESS, opened.result());
            truncate(0);
            for (int round = 0; round < 2; round++) {
                for (WireParam ref : everySlotKind(reg.shmId())) {
                    WireParams params = WireParams.of(ref, new WireParam.Value(WireParam.VALUE_INOUT, 16, 0, 0), null, null);
                    var reply = (Message.InvokeReply) c.call(new Message.Invoke(opened.sessionId(), command, params));
                    assertEquals(TeeResult.BAD_PARAMETERS, reply.result(), ref.toString());
                    assertEquals(ReturnOrigin.TEE, reply.origin(), ref.toString());
                }
            }
        }
        assertCoreServes();
    }

    private void assertCoreServes() throws Exception {
        try (TeeContext ctx = tee.context(); TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            for (int i = 0; i < 8; i++) {
                ValueParameter v = ValueParameter.inout(40, 2);
                s.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
                assertEquals(42, v.a());
            }
        }
    }

    @Test
    void truncatedSegment_systemPta_badParametersFromTee_coreServesOthers() throws Exception {
        assertRefusedOnEverySlotKind(SystemPtaContract.UUID, SystemPtaContract.CMD_PING);
    }

    @Test
    void truncatedSegment_inCoreTaReading_badParametersFromTee_coreServesOthers() throws Exception {
        assertRefusedOnEverySlotKind(ProbeTa.UUID, ProbeTa.CMD_SUM);
    }

    @Test
    void truncatedSegment_inCoreTaWriting_badParametersFromTee_coreServesOthers() throws Exception {
        assertRefusedOnEverySlotKind(ProbeTa.UUID, ProbeTa.CMD_WRITE);
    }

    @Test
    void segmentShrunkBelowAPartialReference_onlyThatReferenceIsRefused() throws Exception {
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var reg = (Message.RegisterShmReply) c.call(new Message.RegisterShm(SEGMENT_BYTES,
                    Wire.SHM_INPUT | Wire.SHM_OUTPUT, segment.toString()));
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            truncate(4096);
            WireParams firstPage = WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, reg.shmId(), 0, 4096),
                    new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null);
            var ok = (Message.InvokeReply) c.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_SUM, firstPage));
            assertEquals(TeeResult.SUCCESS, ok.result(), "the page still backed is usable");
            WireParams secondPage = WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, reg.shmId(), 4096, 16),
                    new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null);
            var refused = (Message.InvokeReply) c.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_SUM, secondPage));
            assertEquals(TeeResult.BAD_PARAMETERS, refused.result());
            assertEquals(ReturnOrigin.TEE, refused.origin());
        }
    }

    @Test
    void segmentShrunkWhileAnInCoreTaUsesIt_badParametersFromTee_theInstanceLivesOn() throws Exception {
        ProbeTa.ENTERED = new CountDownLatch(1);
        ProbeTa.RESUME = new CountDownLatch(1);
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var reg = (Message.RegisterShmReply) c.call(new Message.RegisterShm(SEGMENT_BYTES,
                    Wire.SHM_INPUT | Wire.SHM_OUTPUT, segment.toString()));
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            WireParams whole = WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, reg.shmId(), 0, SEGMENT_BYTES),
                    new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null);
            CompletableFuture<Message> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_SUM_WHEN_RESUMED, whole));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(ProbeTa.ENTERED.await(10, TimeUnit.SECONDS), "the TA runs with the segment whole");
            truncate(0);
            ProbeTa.RESUME.countDown();

            var reply = (Message.InvokeReply) call.get(10, TimeUnit.SECONDS);
            assertEquals(TeeResult.BAD_PARAMETERS, reply.result(), "the fault is the client's");
            assertEquals(ReturnOrigin.TEE, reply.origin());
            var add = (Message.InvokeReply) c.call(new Message.Invoke(opened.sessionId(), ProbeTa.CMD_ADD,
                    WireParams.of(new WireParam.Value(WireParam.VALUE_INOUT, 40, 2, 0), null, null, null)));
            assertEquals(TeeResult.SUCCESS, add.result(), "the instance lives on");
            assertEquals(42, ((WireParam.Value) add.params().get(0)).a());
        }
        assertCoreServes();
    }

    /** CMD_SUM of p0 with a second reference p2 (which the TA ignores) on the same segment. */
    private static Message.InvokeReply sumWithSecondReference(RawConnection c, int sessionId, int shmId,
            long offset0, long size0, long offset2, long size2) throws Exception {
        WireParams params = WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, shmId, offset0, size0),
                new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0),
                new WireParam.ShmRef(WireParam.RMEM_IN, shmId, offset2, size2), null);
        return (Message.InvokeReply) c.call(new Message.Invoke(sessionId, ProbeTa.CMD_SUM, params));
    }

    @Test
    void segmentShrunkBelowOneOfTwoReferences_theCallIsRefused_whicheverComesFirst() throws Exception {
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var reg = (Message.RegisterShmReply) c.call(new Message.RegisterShm(SEGMENT_BYTES,
                    Wire.SHM_INPUT | Wire.SHM_OUTPUT, segment.toString()));
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            int session = opened.sessionId();
            truncate(4096);

            var backedFirst = sumWithSecondReference(c, session, reg.shmId(), 0, 4096, 4096 + 100, 200);
            assertEquals(TeeResult.BAD_PARAMETERS, backedFirst.result(), "the second reference lies past the end");
            assertEquals(ReturnOrigin.TEE, backedFirst.origin());
            var backedSecond = sumWithSecondReference(c, session, reg.shmId(), 4096 + 100, 200, 0, 16);
            assertEquals(TeeResult.BAD_PARAMETERS, backedSecond.result(), "the first reference lies past the end");
            assertEquals(ReturnOrigin.TEE, backedSecond.origin());
            var bothBacked = sumWithSecondReference(c, session, reg.shmId(), 0, 16, 100, 16);
            assertEquals(TeeResult.SUCCESS, bothBacked.result(), "both references lie in the page still backed");
        }
    }

    @Test
    void secondReferenceOutOfBounds_badParametersFromTee_notAnInternalError() throws Exception {
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var reg = (Message.RegisterShmReply) c.call(new Message.RegisterShm(SEGMENT_BYTES,
                    Wire.SHM_INPUT | Wire.SHM_OUTPUT, segment.toString()));
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));

            var reply = sumWithSecondReference(c, opened.sessionId(), reg.shmId(), 0, 16, 0, SEGMENT_BYTES + 1);
            assertEquals(TeeResult.BAD_PARAMETERS, reply.result());
            assertEquals(ReturnOrigin.TEE, reply.origin());
            var inBounds = sumWithSecondReference(c, opened.sessionId(), reg.shmId(), 0, 16, 4096, 4096);
            assertEquals(TeeResult.SUCCESS, inBounds.result());
        }
        assertCoreServes();
    }
}
