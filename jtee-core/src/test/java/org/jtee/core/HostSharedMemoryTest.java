package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's shared memory mapped into a TA host: the TA reads and writes it in place, what it
 * writes is what the client sees, and a client that truncates, unlinks or misnames its memory
 * around or during a call into a host makes only that call fail — with a GP result from the TEE —
 * while the instance, its host and the core serve on.
 */
class HostSharedMemoryTest {
    private static final int PAGE = 4096;

    @TempDir
    static Path home;
    static DynamicTas tas;
    private final List<Path> files = new ArrayList<>();
    private RawConnection c;
    private int session;

    @BeforeAll
    static void startCore() throws Exception {
        tas = new DynamicTas(home, 1).withFaultAndKeeper();
    }

    @AfterAll
    static void stopCore() {
        tas.close();
    }

    @BeforeEach
    void open() throws Exception {
        c = RawConnection.greeted(tas.tee.config.clientSocket());
        var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(FaultTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
        assertEquals(TeeResult.SUCCESS, opened.result());
        session = opened.sessionId();
    }

    @AfterEach
    void close() throws Exception {
        c.close();
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    /** A tmpfs file of {@code bytes}, every byte {@code fill}, registered both ways; returns its id. */
    private int register(Path file, int bytes, byte fill) throws Exception {
        byte[] content = new byte[bytes];
        java.util.Arrays.fill(content, fill);
        Files.write(file, content);
        var reg = (Message.RegisterShmReply) c.call(new Message.RegisterShm(bytes, Wire.SHM_INPUT | Wire.SHM_OUTPUT, file.toString()));
        assertEquals(TeeResult.SUCCESS, reg.result());
        return reg.shmId();
    }

    private Path newFile() throws Exception {
        Path f = Files.createTempFile(DefaultLocations.sharedMemoryDir(), "jtee-host-shm-test", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        files.add(f);
        return f;
    }

    private Message.InvokeReply readLater(WireParam memory, int waitMillis) throws Exception {
        return (Message.InvokeReply) c.call(new Message.Invoke(session, FaultTa.CMD_READ_LATER,
                WireParams.of(memory, new WireParam.Value(WireParam.VALUE_INOUT, waitMillis, 0, 0), null, null)));
    }

    private CompletableFuture<Message.InvokeReply> readLaterAsync(WireParam memory, int waitMillis) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readLater(memory, waitMillis);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private int hostPid() throws Exception {
        var r = (Message.InvokeReply) c.call(new Message.Invoke(session, FaultTa.CMD_PID,
                WireParams.of(new WireParam.Value(WireParam.VALUE_INOUT, 0, 0, 0), null, null, null)));
        assertEquals(TeeResult.SUCCESS, r.result());
        return (int) ((WireParam.Value) r.params().get(0)).a();
    }

    private static long sumOf(Message.InvokeReply r) {
        return (int) ((WireParam.Value) r.params().get(1)).b();
    }

    @Test
    void theTaWritesTheClientsMemoryInPlace_acrossMoreSegmentsThanAHostHasRegions() throws Exception {
        int pid = hostPid();
        for (int k = 1; k <= 70; k++) { // 61 client regions: the oldest mappings are replaced
            Path file = newFile();
            int id = register(file, PAGE, (byte) (k % 50));
            Message.InvokeReply r = readLater(new WireParam.ShmRef(WireParam.RMEM_INOUT, id, 0, PAGE), 0);
            assertEquals(TeeResult.SUCCESS, r.result(), "segment " + k);
            assertEquals(PAGE * (k % 50), sumOf(r), "the TA read the client's bytes");
            byte[] seen = Files.readAllBytes(file);
            assertEquals(1, seen[0]);
            assertEquals((byte) PAGE, seen[PAGE - 1], "the client sees what the TA wrote");
        }
        assertEquals(pid, hostPid(), "one host served them all");
    }

    @Test
    void partialReference_seesOnlyItsRange() throws Exception {
        Path file = newFile();
        int id = register(file, 3 * PAGE, (byte) 1);
        Message.InvokeReply r = readLater(new WireParam.ShmRef(WireParam.RMEM_INOUT, id, PAGE + 10, 100), 0);
        assertEquals(TeeResult.SUCCESS, r.result());
        assertEquals(100, sumOf(r));
        byte[] seen = Files.readAllBytes(file);
        assertEquals(1, seen[PAGE + 9], "before the range: untouched");
        assertEquals(1, seen[PAGE + 10]);
        assertEquals(100, seen[PAGE + 109]);
        assertEquals(1, seen[PAGE + 110], "after the range: untouched");
    }

    @Test
    void truncatedDuringTheCall_badParametersFromTee_theInstanceAndItsHostServeOn() throws Exception {
        int pid = hostPid();
        Path file = newFile();
        int id = register(file, 2 * PAGE, (byte) 1);
        CompletableFuture<Message.InvokeReply> call = readLaterAsync(new WireParam.ShmRef(WireParam.RMEM_INOUT, id, 0, 2 * PAGE), 400);
        Thread.sleep(100);
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
            f.truncate(0);
        }
        Message.InvokeReply r = call.get(20, TimeUnit.SECONDS);
        assertEquals(TeeResult.BAD_PARAMETERS, r.result());
        assertEquals(ReturnOrigin.TEE, r.origin());
        assertEquals(pid, hostPid(), "the host did not die of the client's fault");
        Path fresh = newFile();
        Message.InvokeReply ok = readLater(new WireParam.ShmRef(WireParam.RMEM_IN, register(fresh, PAGE, (byte) 2), 0, PAGE), 0);
        assertEquals(TeeResult.SUCCESS, ok.result());
        assertEquals(2 * PAGE, sumOf(ok));
    }

    @Test
    void truncatedBeforeTheCall_refusedByTheCore_theHostNeverSeesIt() throws Exception {
        int pid = hostPid();
        Path file = newFile();
        int id = register(file, 2 * PAGE, (byte) 1);
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
            f.truncate(PAGE);
        }
        Message.InvokeReply r = readLater(new WireParam.ShmRef(WireParam.RMEM_IN, id, 0, 2 * PAGE), 0);
        assertEquals(TeeResult.BAD_PARAMETERS, r.result());
        assertEquals(ReturnOrigin.TEE, r.origin());
        assertEquals(pid, hostPid());
    }

    @Test
    void unlinkedDuringTheCall_theMemoryLivesOn_theCallSucceeds() throws Exception {
        Path file = newFile();
        int id = register(file, PAGE, (byte) 3);
        MappedByteBuffer mine;
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            mine = f.map(FileChannel.MapMode.READ_WRITE, 0, PAGE);
        }
        CompletableFuture<Message.InvokeReply> call = readLaterAsync(new WireParam.ShmRef(WireParam.RMEM_INOUT, id, 0, PAGE), 300);
        Thread.sleep(100);
        Files.delete(file);
        Message.InvokeReply r = call.get(20, TimeUnit.SECONDS);
        assertEquals(TeeResult.SUCCESS, r.result());
        assertEquals(3 * PAGE, sumOf(r));
        assertEquals(1, mine.get(0), "the client's own mapping shows what the TA wrote");
        assertEquals(7, mine.get(6));
    }

    @Test
    void offsetsOutOfRange_refusedByTheCore() throws Exception {
        int id = register(newFile(), PAGE, (byte) 1);
        for (WireParam bad : new WireParam[] {
            new WireParam.ShmRef(WireParam.RMEM_IN, id, PAGE + 1, 0),
            new WireParam.ShmRef(WireParam.RMEM_IN, id, 1, PAGE),
            new WireParam.ShmRef(WireParam.RMEM_INOUT, id, 0, Long.MAX_VALUE),
            new WireParam.ShmRef(WireParam.RMEM_IN, id + 1000, 0, 1)}) {
            Message.InvokeReply r = readLater(bad, 0);
            assertTrue(r.result() == TeeResult.BAD_PARAMETERS || r.result() == TeeResult.ITEM_NOT_FOUND, bad + ": " + r.result());
            assertEquals(ReturnOrigin.TEE, r.origin(), bad.toString());
        }
        assertEquals(TeeResult.SUCCESS, readLater(new WireParam.ShmRef(WireParam.RMEM_IN, id, 0, PAGE), 0).result());
    }

    @Test
    void aViewKeptPastItsCall_cannotBeReadInALaterOne() throws Exception {
        int id = register(newFile(), PAGE, (byte) 1);
        var kept = (Message.InvokeReply) c.call(new Message.Invoke(session, FaultTa.CMD_KEEP,
                WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, id, 0, PAGE), null, null, null)));
        assertEquals(TeeResult.SUCCESS, kept.result());
        var later = (Message.InvokeReply) c.call(new Message.Invoke(session, FaultTa.CMD_READ_KEPT,
                WireParams.of(new WireParam.Value(WireParam.VALUE_INOUT, 0, 0, 0), null, null, null)));
        assertEquals(TeeResult.SUCCESS, later.result());
        assertEquals(1, ((WireParam.Value) later.params().get(0)).a(), "the view died with its call");
    }

    private int checkAccess(WireParam memory, int flags) throws Exception {
        var r = (Message.InvokeReply) c.call(new Message.Invoke(session, FaultTa.CMD_CHECK_ACCESS,
                WireParams.of(memory, new WireParam.Value(WireParam.VALUE_INOUT, flags, 0, 0), null, null)));
        assertEquals(TeeResult.SUCCESS, r.result());
        return (int) ((WireParam.Value) r.params().get(1)).b();
    }

    @Test
    void checkMemoryAccessRights_withoutAnyOwner_refusesEveryParameter() throws Exception {
        int id = register(newFile(), PAGE, (byte) 1);
        WireParam shared = new WireParam.ShmRef(WireParam.RMEM_INOUT, id, 0, PAGE);
        WireParam sharedIn = new WireParam.ShmRef(WireParam.RMEM_IN, id, 100, 10);
        WireParam temp = new WireParam.TempMem(WireParam.TMEM_INOUT, false, 32, new byte[32]);
        int read = org.jtee.ta.Tee.MEMORY_ACCESS_READ;
        int write = org.jtee.ta.Tee.MEMORY_ACCESS_WRITE;
        int anyOwner = org.jtee.ta.Tee.MEMORY_ACCESS_ANY_OWNER;
        assertEquals(TeeResult.ACCESS_DENIED, checkAccess(shared, read), "the client can change it meanwhile");
        assertEquals(0, checkAccess(shared, read | write | anyOwner));
        assertEquals(TeeResult.ACCESS_DENIED, checkAccess(sharedIn, write | anyOwner), "an input is read-only");
        assertEquals(TeeResult.ACCESS_DENIED, checkAccess(temp, read), "a parameter is never the TA's own (xtest 1006)");
        assertEquals(0, checkAccess(temp, read | write | anyOwner));
        assertEquals(TeeResult.BAD_PARAMETERS, checkAccess(temp, 0x100));
    }

    @Test
    void temporaryMemory_goesThroughTheArena_whicheverSizeItNeeds() throws Exception {
        for (int bytes : new int[] {16, 100_000, 3 << 20, 64}) {
            byte[] data = new byte[bytes];
            java.util.Arrays.fill(data, (byte) 1);
            Message.InvokeReply r = readLater(new WireParam.TempMem(WireParam.TMEM_INOUT, false, bytes, data), 0);
            assertEquals(TeeResult.SUCCESS, r.result(), bytes + " bytes");
            assertEquals(bytes, sumOf(r));
            WireParam.TempMem back = (WireParam.TempMem) r.params().get(0);
            assertEquals(bytes, back.data().length);
            assertEquals(1, back.data()[0]);
            assertEquals((byte) bytes, back.data()[bytes - 1]);
        }
    }
}
