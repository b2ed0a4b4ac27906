package org.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.RpmbFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpmbClientTest {
    @TempDir
    Path tmp;

    private final byte[] key = key(1);
    private final List<RpmbClient> clients = new ArrayList<>();
    private LocalSupplicant supplicant;

    @BeforeEach
    void open() {
        supplicant = LocalSupplicant.open(tmp.resolve("ree"));
    }

    @AfterEach
    void close() {
        clients.forEach(RpmbClient::close);
        supplicant.close();
    }

    @Test
    void newDevice_getsTheKey_counterZero_andItsSize() throws Exception {
        RpmbClient rpmb = client(key, 0);
        assertEquals(0, rpmb.writeCounter());
        assertEquals(8192, rpmb.blockCount());
        assertEquals(0, client(key, 0).writeCounter(), "a second client finds the key programmed");
    }

    @Test
    void deviceKeyedWithAnotherKey_security() throws Exception {
        client(key, 0).writeCounter();
        assertEquals(TeeResult.SECURITY, failure(() -> client(key(2), 0).writeCounter()));
    }

    @Test
    void write_thenRead_roundTrip_splitByTheReliableWriteCount() throws Exception {
        RpmbClient rpmb = client(key, 0);
        byte[] data = blocks(5, 0x10);
        rpmb.write(100, data);
        assertEquals(3, rpmb.writeCounter(), "5 blocks, 2 per reliable write: 3 requests");
        assertArrayEquals(data, rpmb.read(100, 5));
        assertArrayEquals(Arrays.copyOfRange(data, 256, 512), rpmb.read(101, 1));
        assertArrayEquals(new byte[256], rpmb.read(99, 1));
    }

    @Test
    void largerReliableWrites_takeFewerRequests() throws Exception {
        try (LocalSupplicant big = LocalSupplicant.open(tmp.resolve("big"), 1, 8)) {
            RpmbClient rpmb = client(big, key, 0);
            rpmb.write(0, blocks(40, 1));
            assertEquals(3, rpmb.writeCounter(), "40 blocks, 16 per reliable write");
            assertEquals(512, rpmb.blockCount());
        }
    }

    @Test
    void readsLargerThanOneResponse_areSplit() throws Exception {
        try (LocalSupplicant big = LocalSupplicant.open(tmp.resolve("big"), 17, 1)) {
            RpmbClient rpmb = client(big, key, 0);
            int last = rpmb.blockCount() - 1;
            rpmb.write(last - 1, blocks(2, 7));
            byte[] all = rpmb.read(0, rpmb.blockCount());
            assertEquals(17 * 512 * 256, all.length);
            assertArrayEquals(blocks(2, 7), Arrays.copyOfRange(all, (last - 1) * 256, all.length));
        }
    }

    @Test
    void theDeviceAndTheCounter_surviveASupplicantRestart() throws Exception {
        RpmbClient rpmb = client(key, 0);
        rpmb.write(0, blocks(1, 1));
        supplicant.restart();
        rpmb.write(1, blocks(1, 2));
        assertEquals(2, rpmb.writeCounter());
        assertArrayEquals(blocks(2, 1), client(key, 2).read(0, 2));
    }

    @Test
    void restoredOlderImage_security_onTheNextWriteAndCounterRead() throws Exception {
        RpmbClient rpmb = client(key, 0);
        rpmb.write(0, blocks(1, 1));
        Path old = tmp.resolve("old.img");
        supplicant.restart();
        Files.copy(supplicant.rpmbImage(), old);
        rpmb.write(0, blocks(1, 2));
        rpmb.write(0, blocks(1, 3));
        supplicant.restart();
        Files.copy(old, supplicant.rpmbImage(), StandardCopyOption.REPLACE_EXISTING);
        supplicant.restart();
        assertEquals(TeeResult.SECURITY, failure(() -> rpmb.write(0, blocks(1, 4))));
        assertEquals(TeeResult.SECURITY, failure(rpmb::writeCounter));
        assertEquals(TeeResult.SECURITY, failure(() -> rpmb.write(0, blocks(1, 4))), "and stays refused");
    }

    @Test
    void newClientAnchoredAboveTheDevice_security() throws Exception {
        client(key, 0).write(0, blocks(1, 1));
        assertEquals(1, client(key, 1).writeCounter());
        assertEquals(TeeResult.SECURITY, failure(() -> client(key, 2).writeCounter()));
        assertEquals(TeeResult.SECURITY, failure(() -> client(key, 2).read(0, 1)));
    }

    @Test
    void unkeyedDevice_withAnAnchorAboveZero_security_andTheKeyIsNotSent() throws Exception {
        List<Integer> types = new ArrayList<>();
        RpmbDevice recorded = recording(types);
        assertEquals(TeeResult.SECURITY, failure(() -> track(new RpmbClient(recorded, key, 5)).writeCounter()));
        assertFalse(types.contains(RpmbFrames.REQ_KEY_PROGRAM));
        assertEquals(0, client(key, 0).writeCounter(), "the device is still unkeyed, so a client at 0 keys it");
    }

    @Test
    void tamperedReadData_security() throws Exception {
        client(key, 0).write(0, blocks(1, 1));
        RpmbDevice flipping = tampering((request, response) -> {
            if (RpmbFrames.type(RpmbFrames.frame(request, 0)) == RpmbFrames.REQ_READ) {
                response[RpmbFrames.DATA_OFFSET + 3] ^= 1;
            }
        });
        assertEquals(TeeResult.SECURITY, failure(() -> track(new RpmbClient(flipping, key, 0)).read(0, 1)));
    }

    @Test
    void replayedCounterResponse_security() throws Exception {
        client(key, 0).writeCounter();
        AtomicReference<byte[]> first = new AtomicReference<>();
        RpmbDevice replaying = tampering((request, response) -> {
            boolean counterRead = RpmbFrames.type(RpmbFrames.frame(request, 0)) == RpmbFrames.REQ_COUNTER_READ;
            if (counterRead && !first.compareAndSet(null, response.clone())) {
                System.arraycopy(first.get(), 0, response, 0, response.length);
            }
        });
        RpmbClient rpmb = track(new RpmbClient(replaying, key, 0));
        assertEquals(8192, rpmb.blockCount(), "the first counter read, at first use, is answered honestly");
        assertEquals(TeeResult.SECURITY, failure(rpmb::writeCounter));
    }

    @Test
    void writeResultWithTheWrongCounter_security_andTheCounterIsReadAgain() throws Exception {
        RpmbClient honest = client(key, 0);
        honest.writeCounter();
        List<Integer> types = new ArrayList<>();
        boolean[] lie = {true};
        RpmbDevice device = supplicant.rpmbDevice();
        RpmbDevice lying = new RpmbDevice() {
            @Override
            public byte[] deviceInfo() throws TeeException {
                return device.deviceInfo();
            }

            @Override
            public byte[] dataRequest(byte[] frames, int responseFrames) throws TeeException {
                types.add(RpmbFrames.type(RpmbFrames.frame(frames, 0)));
                byte[] r = device.dataRequest(frames, responseFrames);
                if (lie[0] && RpmbFrames.type(RpmbFrames.frame(frames, 0)) == RpmbFrames.REQ_WRITE) {
                    lie[0] = false;
                    r[RpmbFrames.COUNTER_OFFSET + 3] += 1;
                    resign(r);
                }
                return r;
            }
        };
        RpmbClient rpmb = track(new RpmbClient(lying, key, 0));
        assertEquals(TeeResult.SECURITY, failure(() -> rpmb.write(0, blocks(1, 1))));
        types.clear();
        rpmb.write(0, blocks(1, 2));
        assertEquals(List.of(RpmbFrames.REQ_COUNTER_READ, RpmbFrames.REQ_WRITE), types);
        assertEquals(2, honest.writeCounter());
    }

    @Test
    void writeResultForAnotherAddress_security() {
        RpmbDevice moving = tampering((request, response) -> {
            if (RpmbFrames.type(RpmbFrames.frame(request, 0)) == RpmbFrames.REQ_WRITE) {
                response[RpmbFrames.ADDRESS_OFFSET + 1] ^= 1;
                resign(response);
            }
        });
        assertEquals(TeeResult.SECURITY, failure(() -> track(new RpmbClient(moving, key, 0)).write(4, blocks(1, 1))));
    }

    @Test
    void lostWriteResponse_theNextWriteFindsTheCounter() throws Exception {
        boolean[] lose = {true};
        RpmbDevice device = supplicant.rpmbDevice();
        RpmbDevice losing = new RpmbDevice() {
            @Override
            public byte[] deviceInfo() throws TeeException {
                return device.deviceInfo();
            }

            @Override
            public byte[] dataRequest(byte[] frames, int responseFrames) throws TeeException {
                byte[] r = device.dataRequest(frames, responseFrames);
                if (lose[0] && RpmbFrames.type(RpmbFrames.frame(frames, 0)) == RpmbFrames.REQ_WRITE) {
                    lose[0] = false;
                    throw new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, "the reply was lost");
                }
                return r;
            }
        };
        RpmbClient rpmb = track(new RpmbClient(losing, key, 0));
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, failure(() -> rpmb.write(0, blocks(1, 1))));
        rpmb.write(1, blocks(1, 2));
        assertEquals(2, rpmb.writeCounter());
        assertArrayEquals(blocks(2, 1), rpmb.read(0, 2));
    }

    @Test
    void deviceThatForgetsItsKey_security() throws Exception {
        RpmbClient rpmb = client(key, 0);
        rpmb.writeCounter();
        supplicant.restart();
        Files.delete(supplicant.rpmbImage());
        supplicant.restart();
        assertEquals(TeeResult.SECURITY, failure(rpmb::writeCounter));
    }

    @Test
    void badArguments() throws Exception {
        RpmbClient rpmb = client(key, 0);
        assertThrows(IllegalArgumentException.class, () -> new RpmbClient(supplicant.rpmbDevice(), new byte[31], 0));
        assertThrows(IllegalArgumentException.class, () -> new RpmbClient(supplicant.rpmbDevice(), key, -1));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> rpmb.write(0, new byte[255])));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> rpmb.write(0, new byte[0])));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> rpmb.write(8191, new byte[512])));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> rpmb.read(-1, 1)));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> rpmb.read(0, 0)));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> rpmb.read(8192, 1)));
        assertEquals(0, rpmb.writeCounter(), "nothing was written");
    }

    @Test
    void closedClient_refusesUse() throws Exception {
        RpmbClient rpmb = client(key, 0);
        rpmb.writeCounter();
        rpmb.close();
        assertThrows(IllegalStateException.class, rpmb::writeCounter);
    }

    @Test
    void noSupplicant_storageNotAvailable() {
        supplicant.setAvailable(false);
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, failure(() -> client(key, 0).writeCounter()));
    }

    // ---- helpers

    interface Call {
        void run() throws Exception;
    }

    interface Change {
        void apply(byte[] request, byte[] response);
    }

    private static int failure(Call call) {
        return assertThrows(TeeException.class, call::run).result();
    }

    private RpmbClient client(byte[] k, long floor) {
        return client(supplicant, k, floor);
    }

    private RpmbClient client(LocalSupplicant s, byte[] k, long floor) {
        return track(s.rpmbBlocks(k, floor));
    }

    private RpmbClient track(RpmbClient c) {
        clients.add(c);
        return c;
    }

    private RpmbDevice tampering(Change change) {
        RpmbDevice device = supplicant.rpmbDevice();
        return new RpmbDevice() {
            @Override
            public byte[] deviceInfo() throws TeeException {
                return device.deviceInfo();
            }

            @Override
            public byte[] dataRequest(byte[] frames, int responseFrames) throws TeeException {
                byte[] r = device.dataRequest(frames, responseFrames);
                change.apply(frames, r);
                return r;
            }
        };
    }

    private RpmbDevice recording(List<Integer> types) {
        return tampering((request, response) -> types.add(RpmbFrames.type(RpmbFrames.frame(request, 0))));
    }

    /** A device that holds the key and lies: the changed frame MACed again. */
    private void resign(byte[] frame) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            RpmbFrames.sign(mac, frame, 1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 37 + i);
        }
        return k;
    }

    private static byte[] blocks(int count, int fill) {
        byte[] b = new byte[count * 256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (fill + i / 256);
        }
        return b;
    }
}
