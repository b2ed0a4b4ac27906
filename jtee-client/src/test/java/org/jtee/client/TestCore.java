package org.jtee.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * A scripted stand-in for the jtee core: a Unix socket server speaking the real protocol
 * ({@link FrameChannel}, {@link org.jtee.protocol.Codec}), one thread per connection, slow
 * commands on a pool so that replies can overtake each other. It records what it receives.
 */
final class TestCore implements AutoCloseable {
    /** Every output VALUE slot: a + 1, b + 1 (64-bit arithmetic; the client keeps the low 32 bits). Inline. */
    static final int CMD_INC = 1;
    /** Slot 0 TMEM, slot 1 VALUE_INPUT a = size to report: writes min(a, buffer) pattern bytes; SHORT_BUFFER if a > buffer. */
    static final int CMD_TEMP = 2;
    /** Slot 0 RMEM, slot 1 VALUE_INOUT (a = size to report, b = fill byte): sums the range into a, fills min(a, range) bytes if output. */
    static final int CMD_SHM = 3;
    /** Slot 0 VALUE_INOUT: b := a ^ 0x5a5a after a random delay of up to 300 µs, on the pool. */
    static final int CMD_ECHO = 4;
    /** Waits until a CANCEL names this request, then answers TEE_ERROR_CANCEL (origin TRUSTED_APP). */
    static final int CMD_WAIT_CANCEL = 5;
    /** Never answers. */
    static final int CMD_HANG = 6;
    /** Answers with bytes that are no frame. */
    static final int CMD_GARBAGE = 7;
    /** Answers with a request id nobody sent. */
    static final int CMD_WRONG_ID = 8;
    /** Answers with a CLOSE_SESSION reply. */
    static final int CMD_WRONG_TYPE = 9;
    /** Slot 0 VALUE_INPUT: answers result a with origin b. */
    static final int CMD_RESULT = 10;
    /** Answers slot 0 with a VALUE whatever the request had. */
    static final int CMD_BAD_SLOT = 11;
    /** Answers with a DESTROY request, a type the core never sends to a client. */
    static final int CMD_FOREIGN_TYPE = 12;

    /** OPEN_SESSION of this TA: values written back (+1), then TEE_ERROR_ITEM_NOT_FOUND, origin TEE. */
    static final UUID MISSING_TA = UUID.fromString("11111111-2222-3333-4444-555555555555");
    /** Why the core says {@link #MISSING_TA} was not found, to a client that agreed on version 2. */
    static final String MISSING_TA_DETAIL = "no TA here, nor in /nowhere";

    /** A registered segment as the core sees it. */
    record Shm(String path, Set<PosixFilePermission> permissions, long size, int flags, ByteBuffer mapping) {}

    final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-core-call");
        t.setDaemon(true);
        return t;
    });
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionIds = new AtomicInteger(100);
    private final AtomicInteger shmIds = new AtomicInteger(500);
    private final Map<Long, CountDownLatch> cancellations = new ConcurrentHashMap<>();

    /** Every request frame, in arrival order. */
    final Queue<Frame> requests = new ConcurrentLinkedQueue<>();
    /** Registered segments by id. */
    final Map<Integer, Shm> shms = new ConcurrentHashMap<>();
    /** Request ids of CMD_ECHO calls, in arrival order and in reply order. */
    final List<Long> echoArrivals = new CopyOnWriteArrayList<>();
    final List<Long> echoReplies = new CopyOnWriteArrayList<>();
    /** Released once per CMD_HANG or CMD_WAIT_CANCEL received. */
    final Semaphore parked = new Semaphore(0);
    /** The target of every CANCEL, once its reply is on its way. */
    final List<Long> cancelTargets = new CopyOnWriteArrayList<>();

    volatile int helloResult = TeeResult.SUCCESS;
    volatile int helloVersion = Wire.MAX_VERSION;
    volatile int maxFrameBytes = Wire.MAX_FRAME_BYTES;
    volatile int registerResult = TeeResult.SUCCESS;

    TestCore(Path dir) throws IOException {
        socket = dir.resolve("core.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::accept, "test-core-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        try {
            while (true) {
                Peer p = new Peer(server.accept());
                peers.add(p);
                Thread t = new Thread(p::serve, "test-core-peer");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    List<Frame> requestsOfType(int type) {
        List<Frame> out = new ArrayList<>();
        for (Frame f : requests) {
            if (f.message().type() == type) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer p : peers) {
            p.channel.close();
        }
        pool.shutdownNow();
        Files.deleteIfExists(socket);
    }

    private final class Peer {
        final SocketChannel channel;
        final FrameChannel frames;
        final Object writeLock = new Object();

        Peer(SocketChannel channel) {
            this.channel = channel;
            this.frames = new FrameChannel(channel);
        }

        void serve() {
            try {
                Frame f;
                while ((f = frames.read()) != null) {
                    requests.add(f);
                    handle(f);
                }
            } catch (Exception e) {
                // the client went away, or the test closed us
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        void reply(long id, Message m) {
            synchronized (writeLock) {
                if (m instanceof Message.InvokeReply && echoArrivals.contains(id)) {
                    echoReplies.add(id);
                }
                try {
                    frames.write(id, m);
                } catch (IOException e) {
                    // the client went away
                }
            }
        }

        void raw(ByteBuffer bytes) throws IOException {
            synchronized (writeLock) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        }

        private void handle(Frame f) throws IOException {
            long id = f.requestId();
            Message m = f.message();
            switch (m.type()) {
                case Wire.HELLO:
                    reply(id, new Message.HelloReply(helloResult,
                            helloResult == TeeResult.SUCCESS ? 0 : ReturnOrigin.TEE, helloVersion, maxFrameBytes));
                    break;
                case Wire.OPEN_SESSION: {
                    Message.OpenSession os = (Message.OpenSession) m;
                    WireParams out = increment(os.params());
                    if (os.ta().equals(MISSING_TA)) {
                        reply(id, new Message.OpenSessionReply(Wire.OPEN_SESSION | Wire.REPLY, TeeResult.ITEM_NOT_FOUND,
                                ReturnOrigin.TEE, 0, out, helloVersion >= 2 ? MISSING_TA_DETAIL : null));
                    } else {
                        reply(id, new Message.OpenSessionReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP,
                                sessionIds.incrementAndGet(), out));
                    }
                    break;
                }
                case Wire.INVOKE:
                    invoke(id, (Message.Invoke) m);
                    break;
                case Wire.CLOSE_SESSION:
                    reply(id, new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY, TeeResult.SUCCESS, 0));
                    break;
                case Wire.CANCEL: {
                    long target = ((Message.Cancel) m).targetRequestId();
                    cancellations.computeIfAbsent(target, k -> new CountDownLatch(1)).countDown();
                    LockSupport.parkNanos(5_000_000); // a slow answer: the client must wait for it
                    cancelTargets.add(target);
                    reply(id, new Message.StatusReply(Wire.CANCEL | Wire.REPLY, TeeResult.SUCCESS, 0));
                    break;
                }
                case Wire.REGISTER_SHM: {
                    Message.RegisterShm r = (Message.RegisterShm) m;
                    Path path = Path.of(r.path());
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                    ByteBuffer map = ByteBuffer.allocate(0);
                    if (r.size() > 0) {
                        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                            map = ch.map(FileChannel.MapMode.READ_WRITE, 0, r.size());
                        }
                    }
                    int shmId = shmIds.incrementAndGet();
                    shms.put(shmId, new Shm(r.path(), perms, r.size(), r.flags(), map));
                    int result = registerResult;
                    reply(id, new Message.RegisterShmReply(result,
                            result == TeeResult.SUCCESS ? 0 : ReturnOrigin.TEE, result == TeeResult.SUCCESS ? shmId : 0));
                    break;
                }
                case Wire.UNREGISTER_SHM:
                    shms.remove(((Message.UnregisterShm) m).shmId());
                    reply(id, new Message.StatusReply(Wire.UNREGISTER_SHM | Wire.REPLY, TeeResult.SUCCESS, 0));
                    break;
                default:
                    throw new IOException("unexpected " + Wire.typeName(m.type()));
            }
        }

        private void invoke(long id, Message.Invoke inv) throws IOException {
            WireParams p = inv.params();
            switch (inv.commandId()) {
                case CMD_INC:
                    reply(id, new Message.InvokeReply(TeeResult.SUCCESS, 0, increment(p)));
                    break;
                case CMD_TEMP: {
                    WireParam.TempMem t = (WireParam.TempMem) p.get(0);
                    long report = ((WireParam.Value) p.get(1)).a();
                    byte[] data = new byte[(int) Math.min(report, t.size())];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) (i + 1);
                    }
                    WireParams out = WireParams.of(new WireParam.TempMem(t.type(), false, report, data), p.get(1), null, null);
                    reply(id, new Message.InvokeReply(report > t.size() ? TeeResult.SHORT_BUFFER : TeeResult.SUCCESS,
                            ReturnOrigin.TRUSTED_APP, out));
                    break;
                }
                case CMD_SHM: {
                    WireParam.ShmRef r = (WireParam.ShmRef) p.get(0);
                    WireParam.Value v = (WireParam.Value) p.get(1);
                    ByteBuffer map = shms.get(r.shmId()).mapping();
                    long sum = 0;
                    for (long i = 0; i < r.size(); i++) {
                        sum += map.get((int) (r.offset() + i)) & 0xff;
                    }
                    if (WireParam.isOutput(r.type())) {
                        for (long i = 0; i < Math.min(v.a(), r.size()); i++) {
                            map.put((int) (r.offset() + i), (byte) v.b());
                        }
                    }
                    WireParams out = WireParams.of(new WireParam.ShmRef(r.type(), 0, 0, v.a()),
                            new WireParam.Value(v.type(), sum, 0, 0), null, null);
                    reply(id, new Message.InvokeReply(TeeResult.SUCCESS, 0, out));
                    break;
                }
                case CMD_ECHO:
                    echoArrivals.add(id);
                    pool.execute(() -> {
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(300_000));
                        WireParam.Value v = (WireParam.Value) p.get(0);
                        reply(id, new Message.InvokeReply(TeeResult.SUCCESS, 0, WireParams.of(
                                new WireParam.Value(v.type(), v.a(), v.a() ^ 0x5a5a, 0), null, null, null)));
                    });
                    break;
                case CMD_WAIT_CANCEL: {
                    CountDownLatch latch = cancellations.computeIfAbsent(id, k -> new CountDownLatch(1));
                    parked.release();
                    pool.execute(() -> {
                        try {
                            boolean cancelled = latch.await(10, TimeUnit.SECONDS);
                            reply(id, new Message.InvokeReply(cancelled ? TeeResult.CANCEL : TeeResult.SUCCESS,
                                    ReturnOrigin.TRUSTED_APP, WireParams.EMPTY));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    break;
                }
                case CMD_HANG:
                    parked.release();
                    break;
                case CMD_GARBAGE:
                    raw(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(0x7777).flip());
                    break;
                case CMD_WRONG_ID:
                    reply(id + 1_000_000, new Message.InvokeReply(TeeResult.SUCCESS, 0, WireParams.EMPTY));
                    break;
                case CMD_FOREIGN_TYPE:
                    reply(id, new Message.Destroy());
                    break;
                case CMD_WRONG_TYPE:
                    reply(id, new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY, TeeResult.SUCCESS, 0));
                    break;
                case CMD_RESULT: {
                    WireParam.Value v = (WireParam.Value) p.get(0);
                    reply(id, new Message.InvokeReply((int) v.a(), (int) v.b(), WireParams.EMPTY));
                    break;
                }
                case CMD_BAD_SLOT:
                    reply(id, new Message.InvokeReply(TeeResult.SUCCESS, 0, WireParams.of(
                            new WireParam.Value(WireParam.VALUE_INOUT, 1, 2, 3), null, null, null)));
                    break;
                default:
                    reply(id, new Message.InvokeReply(TeeResult.NOT_SUPPORTED, ReturnOrigin.TRUSTED_APP, WireParams.EMPTY));
            }
        }
    }

    /** The reply slots of CMD_INC: output values + 1, everything else echoed. */
    private static WireParams increment(WireParams in) {
        WireParam[] out = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            WireParam p = in.get(i);
            if (p instanceof WireParam.Value && WireParam.isOutput(p.type())) {
                WireParam.Value v = (WireParam.Value) p;
                out[i] = new WireParam.Value(v.type(), v.a() + 1, v.b() + 1, 0);
            } else if (p instanceof WireParam.TempMem) {
                WireParam.TempMem t = (WireParam.TempMem) p;
                out[i] = new WireParam.TempMem(t.type(), false, t.size(), new byte[0]);
            } else {
                out[i] = p;
            }
        }
        return WireParams.of(out);
    }
}
