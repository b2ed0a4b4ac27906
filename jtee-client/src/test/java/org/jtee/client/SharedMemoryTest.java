package org.jtee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.junit.jupiter.api.Test;

class SharedMemoryTest extends CoreTestBase {
    private static final int INOUT = SharedMemory.INPUT | SharedMemory.OUTPUT;

    private TestCore.Shm coreView(SharedMemory shm) {
        Message.RegisterShm last = null;
        for (var f : core.requestsOfType(Wire.REGISTER_SHM)) {
            last = (Message.RegisterShm) f.message();
        }
        for (TestCore.Shm s : core.shms.values()) {
            if (last != null && s.path().equals(last.path()) && s.size() == shm.size()) {
                return s;
            }
        }
        throw new AssertionError("the core has no segment for " + shm);
    }

    @Test
    void allocatedMemoryIsReallySharedAndItsFileIsGone() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); SharedMemory shm = ctx.allocateSharedMemory(4096, INOUT)) {
            assertEquals(4096, shm.size());
            assertEquals(INOUT, shm.flags());
            assertFalse(shm.isShadowed());
            TestCore.Shm view = coreView(shm);
            Path file = Path.of(view.path());
            assertTrue(file.isAbsolute());
            assertEquals(DefaultLocations.sharedMemoryDir().toAbsolutePath(), file.getParent());
            assertTrue(file.getFileName().toString().matches("jtee-shm-[0-9a-f]{32}"), file.toString());
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), view.permissions());
            assertEquals(INOUT, view.flags());
            assertFalse(Files.exists(file), "the segment's name is unlinked after registration");

            int messages = core.requests.size();
            view.mapping().put(10, (byte) 42);
            assertEquals(42, shm.buffer().get(10));
            shm.buffer().put(11, (byte) 7);
            assertEquals(7, view.mapping().get(11));
            assertEquals(messages, core.requests.size(), "no message needed to share");
        }
    }

    @Test
    void partialReferenceOnAllocatedMemoryIsReadAndWrittenInPlace() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
                SharedMemory shm = ctx.allocateSharedMemory(256, INOUT)) {
            ByteBuffer b = shm.buffer();
            for (int i = 100; i < 110; i++) {
                b.put(i, (byte) 1);
            }
            SharedMemoryReference ref = SharedMemoryReference.partialInout(shm, 100, 10);
            ValueParameter v = ValueParameter.inout(4, 0x33);
            s.invokeCommand(TestCore.CMD_SHM, Operation.of(ref, v));
            assertEquals(10, v.a()); // the core read the client's bytes
            assertEquals(4, ref.size());
            for (int i = 100; i < 104; i++) {
                assertEquals(0x33, shm.buffer().get(i));
            }
            assertEquals(1, shm.buffer().get(104));
            WireParam.ShmRef sent = (WireParam.ShmRef) lastInvoke().params().get(0);
            assertEquals(WireParam.RMEM_INOUT, sent.type());
            assertEquals(100, sent.offset());
            assertEquals(10, sent.size());
            assertEquals(ParamType.MEMREF_PARTIAL_INOUT, ref.type());
        }
    }

    @Test
    void wholeReferenceTakesItsDirectionFromTheFlagsAndWritesBackOnlyWithOutput() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            int[] flags = {SharedMemory.INPUT, SharedMemory.OUTPUT, INOUT};
            int[] wire = {WireParam.RMEM_IN, WireParam.RMEM_OUT, WireParam.RMEM_INOUT};
            long[] after = {100, 5, 5};
            for (int i = 0; i < 3; i++) {
                try (SharedMemory shm = ctx.allocateSharedMemory(100, flags[i])) {
                    SharedMemoryReference ref = SharedMemoryReference.whole(shm);
                    assertEquals(ParamType.MEMREF_WHOLE, ref.type());
                    s.invokeCommand(TestCore.CMD_SHM, Operation.of(ref, ValueParameter.inout(5, 1)));
                    WireParam.ShmRef sent = (WireParam.ShmRef) lastInvoke().params().get(0);
                    assertEquals(wire[i], sent.type());
                    assertEquals(0, sent.offset());
                    assertEquals(100, sent.size());
                    assertEquals(after[i], ref.size(), "flags " + flags[i]);
                }
            }
        }
    }

    @Test
    void partialReferencesAreCheckedAsLibteecDoes() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
                SharedMemory in = ctx.allocateSharedMemory(100, SharedMemory.INPUT);
                SharedMemory out = ctx.allocateSharedMemory(100, SharedMemory.OUTPUT)) {
            int invokes = count(Wire.INVOKE);
            SharedMemoryReference[] bad = {
                SharedMemoryReference.partialOutput(in, 0, 10),
                SharedMemoryReference.partialInout(in, 0, 10),
                SharedMemoryReference.partialInput(out, 0, 10),
                SharedMemoryReference.partialInput(in, 90, 20),
                SharedMemoryReference.partialInput(in, 101, 0),
                SharedMemoryReference.partialInput(in, -1, 5),
                SharedMemoryReference.partialInput(in, 5, -1),
                SharedMemoryReference.partialInput(in, Long.MAX_VALUE, 2),
                SharedMemoryReference.partialInput(in, 2, Long.MAX_VALUE),
            };
            for (SharedMemoryReference ref : bad) {
                var e = assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API,
                        () -> s.invokeCommand(TestCore.CMD_SHM, Operation.of(ValueParameter.input(0, 0), ref)));
                assertTrue(e.getMessage().contains("InvokeCommand 0x3 on session " + s.id() + ": parameter 1"), e.getMessage());
            }
            assertEquals(invokes, count(Wire.INVOKE), "nothing reached the core");
            s.invokeCommand(TestCore.CMD_SHM, Operation.of(SharedMemoryReference.partialInput(in, 100, 0),
                    ValueParameter.inout(0, 0)));
            s.invokeCommand(TestCore.CMD_SHM, Operation.of(SharedMemoryReference.partialInput(in, 0, 100),
                    ValueParameter.inout(0, 0)));
            s.invokeCommand(TestCore.CMD_SHM, Operation.of(SharedMemoryReference.partialOutput(out, 50, 50),
                    ValueParameter.inout(0, 0)));
        }
    }

    @Test
    void releasedOrForeignMemoryIsRefused() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeContext other = TeeContext.open(core.socket);
                TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
                SharedMemory foreign = other.allocateSharedMemory(10, INOUT)) {
            SharedMemory shm = ctx.allocateSharedMemory(10, INOUT);
            s.invokeCommand(TestCore.CMD_SHM, Operation.of(SharedMemoryReference.whole(shm), ValueParameter.inout(0, 0)));
            shm.close();
            shm.close();
            assertTrue(shm.isReleased());
            assertEquals(1, count(Wire.UNREGISTER_SHM));
            var e = assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> s.invokeCommand(TestCore.CMD_SHM,
                    Operation.of(SharedMemoryReference.whole(shm), ValueParameter.inout(0, 0))));
            assertTrue(e.getMessage().contains("released"), e.getMessage());
            e = assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> s.invokeCommand(TestCore.CMD_SHM,
                    Operation.of(SharedMemoryReference.whole(foreign), ValueParameter.inout(0, 0))));
            assertTrue(e.getMessage().contains("another context"), e.getMessage());
        }
    }

    @Test
    void flagsAndSizesAreChecked() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.allocateSharedMemory(10, 0));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.allocateSharedMemory(10, 4));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.allocateSharedMemory(10, 7));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.allocateSharedMemory(-1, INOUT));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API,
                    () -> ctx.allocateSharedMemory(Integer.MAX_VALUE + 1L, INOUT));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, () -> ctx.registerSharedMemory(null, INOUT));
            assertTee(TeeResult.BAD_PARAMETERS, ReturnOrigin.API,
                    () -> ctx.registerSharedMemory(ByteBuffer.allocate(8).asReadOnlyBuffer(), INOUT));
            assertEquals(0, count(Wire.REGISTER_SHM));
            try (SharedMemory ro = ctx.registerSharedMemory(ByteBuffer.allocate(8).asReadOnlyBuffer(), SharedMemory.INPUT)) {
                assertEquals(8, ro.size());
            }
        }
    }

    @Test
    void sizeZeroIsRegistered() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
                SharedMemory shm = ctx.allocateSharedMemory(0, SharedMemory.INPUT)) {
            assertEquals(0, shm.size());
            assertEquals(0, shm.buffer().capacity());
            assertEquals(0, coreView(shm).size());
            assertFalse(Files.exists(Path.of(coreView(shm).path())));
            s.invokeCommand(TestCore.CMD_SHM, Operation.of(SharedMemoryReference.whole(shm), ValueParameter.inout(0, 0)));
        }
    }

    @Test
    void aRefusedRegistrationThrowsAndLeavesNoFile() throws Exception {
        core.registerResult = TeeResult.OUT_OF_MEMORY;
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            var e = assertTee(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, () -> ctx.allocateSharedMemory(64, INOUT));
            assertTrue(e.getMessage().contains("AllocateSharedMemory of 64 bytes"), e.getMessage());
            Message.RegisterShm r = (Message.RegisterShm) core.requestsOfType(Wire.REGISTER_SHM).get(0).message();
            assertFalse(Files.exists(Path.of(r.path())));
        }
    }

    @Test
    void registeredMemoryIsAShadowCopiedInAndOut() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            ByteBuffer mine = ByteBuffer.allocate(72);
            for (int i = 0; i < 72; i++) {
                mine.put(i, (byte) 2);
            }
            mine.position(8); // registers bytes 8..71
            try (SharedMemory shm = ctx.registerSharedMemory(mine, INOUT)) {
                assertTrue(shm.isShadowed());
                assertEquals(64, shm.size());
                TestCore.Shm view = coreView(shm);
                assertEquals(0, view.mapping().get(0), "nothing copied before a call");

                SharedMemoryReference whole = SharedMemoryReference.whole(shm);
                ValueParameter v = ValueParameter.inout(3, 9);
                s.invokeCommand(TestCore.CMD_SHM, Operation.of(whole, v));
                assertEquals(128, v.a(), "copied in before the call");
                assertEquals(3, whole.size());
                for (int i = 8; i < 11; i++) {
                    assertEquals(9, mine.get(i), "copied out after the call");
                }
                assertEquals(2, mine.get(11), "only the returned size is copied out");
                assertEquals(2, mine.get(0), "bytes before the registered range are untouched");
                assertEquals(9, shm.buffer().get(0));

                view.mapping().put(20, (byte) 77); // the TA's view and the caller's are separate between calls
                assertEquals(2, mine.get(28));

                // a partial input copies only its range in, and nothing out
                mine.put(8 + 40, (byte) 5);
                SharedMemoryReference part = SharedMemoryReference.partialInput(shm, 40, 4);
                ValueParameter w = ValueParameter.inout(0, 0);
                s.invokeCommand(TestCore.CMD_SHM, Operation.of(part, w));
                assertEquals(5 + 2 + 2 + 2, w.a());
                assertEquals(77, view.mapping().get(20));
                assertEquals(2, mine.get(28));
            }
        }
    }

    @Test
    void registeredInputOnlyMemoryIsNeverCopiedOut() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            ByteBuffer mine = ByteBuffer.allocateDirect(16);
            try (SharedMemory shm = ctx.registerSharedMemory(mine, SharedMemory.INPUT)) {
                TestCore.Shm view = coreView(shm);
                view.mapping().put(0, (byte) 66);
                SharedMemoryReference whole = SharedMemoryReference.whole(shm);
                s.invokeCommand(TestCore.CMD_SHM, Operation.of(whole, ValueParameter.inout(16, 1)));
                assertEquals(0, mine.get(0));
                assertEquals(16, whole.size());
                assertEquals(0, view.mapping().get(0), "the whole input range was copied in");
            }
        }
    }
}
