package org.jtee.core.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.storage.ObjectStore;

/**
 * What the crash test writes, shared by the writer process ({@link CrashWriter}) and the test
 * that kills it ({@link CrashRoundsTest}): {@value #OBJECTS} objects of one TA, and how version
 * {@code v} of object {@code i} is made from version {@code v - 1} by one mutation of one to three
 * store calls. A mutation's calls depend only on the run's seed, {@code i} and {@code v}, never on
 * what is stored, so the writer can finish one that a kill cut short, and the test can replay every
 * acknowledged version in its own model.
 *
 * <pre>
 *   kind              calls (each one commit)                      states a kill may leave
 *   CREATE            create(o, data, attrs, overwrite)            v-1, v
 *   WRITE             write(o, offset, bytes)                      v-1, v
 *   TRUNCATE_WRITE    truncate(o, t); write(o, offset &le; t, bytes)  v-1, cut, v
 *   RENAME_ROUNDTRIP  rename(o, t); write(t, offset, bytes);       v-1, moved, moved and written, v
 *                     rename(t, o)
 *   DELETE_RECREATE   delete(o); create(o, data, attrs)            v-1, gone, v
 * </pre>
 *
 * Version 0 is "no object"; version 1 is always a CREATE. Sizes run from 1 byte to
 * {@value #MAX_BYTES} bytes, so writes cover whole blocks, parts of blocks and several blocks;
 * writes past the end leave a gap of zeros, truncations cut and extend.
 */
final class CrashModel {
    static final UUID OWNER = UUID.fromString("c7a5e0d1-3f6b-4e2a-9d8c-51b0a4f7e6c3");
    static final int OBJECTS = 8;
    static final int MAX_BYTES = 20 << 10;
    private static final int MAX_ATTRIBUTE_BYTES = 48;
    private static final int DATA_TYPE = 0xA00000BF;

    enum Kind { CREATE, WRITE, TRUNCATE_WRITE, RENAME_ROUNDTRIP, DELETE_RECREATE }

    private CrashModel() {}

    /** The object's id ({@code "o3"}) or, while a rename round trip is under way, its temporary id ({@code "t3"}). */
    static byte[] id(int object, boolean temporary) {
        return ((temporary ? "t" : "o") + object).getBytes(StandardCharsets.US_ASCII);
    }

    /** An object's data and attributes as stored under one id. */
    record Stored(byte[] data, byte[] attributes) {}

    /** What the store holds for one object: under its id and under its temporary id; null where nothing is. */
    record State(Stored main, Stored temporary) {
        static final State ABSENT = new State(null, null);

        /** A SHA-256 over both ids' data and attributes: what the writer reports and the test compares. */
        String digest() {
            MessageDigest md = sha256();
            for (Stored s : new Stored[] {main, temporary}) {
                if (s == null) {
                    md.update((byte) 0);
                    continue;
                }
                md.update(ByteBuffer.allocate(9).put((byte) 1).putInt(s.data().length).putInt(s.attributes().length).array());
                md.update(s.data());
                md.update(s.attributes());
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        }

        /** Sizes for messages: {@code main=<bytes>|- temp=<bytes>|-}. */
        String sizes() {
            return "main=" + (main == null ? "-" : main.data().length) + " temp=" + (temporary == null ? "-" : temporary.data().length);
        }

        Stored at(boolean temp) {
            return temp ? temporary : main;
        }

        State with(boolean temp, Stored s) {
            return temp ? new State(main, s) : new State(s, temporary);
        }
    }

    /** One store call of a mutation: its effect on the model, and the call itself. */
    sealed interface Step {
        State applyTo(State s);

        void run(ObjectStore store, int object) throws TeeException;
    }

    record Create(byte[] data, byte[] attributes, boolean overwrite) implements Step {
        @Override
        public State applyTo(State s) {
            return s.with(false, new Stored(data, attributes));
        }

        @Override
        public void run(ObjectStore store, int object) throws TeeException {
            store.create(OWNER, id(object, false), new ObjectStore.Header(DATA_TYPE, 0, 0, 0xFFFFFFFF, attributes), data, overwrite);
        }
    }

    record Write(boolean temp, int offset, byte[] bytes) implements Step {
        @Override
        public State applyTo(State s) {
            Stored was = s.at(temp);
            byte[] data = Arrays.copyOf(was.data(), Math.max(was.data().length, offset + bytes.length));
            System.arraycopy(bytes, 0, data, offset, bytes.length);
            return s.with(temp, new Stored(data, was.attributes()));
        }

        @Override
        public void run(ObjectStore store, int object) throws TeeException {
            store.write(number(store, object, temp), offset, bytes, 0, bytes.length);
        }
    }

    record Truncate(int size) implements Step {
        @Override
        public State applyTo(State s) {
            return s.with(false, new Stored(Arrays.copyOf(s.main().data(), size), s.main().attributes()));
        }

        @Override
        public void run(ObjectStore store, int object) throws TeeException {
            store.truncate(number(store, object, false), size);
        }
    }

    record Rename(boolean toTemp) implements Step {
        @Override
        public State applyTo(State s) {
            return toTemp ? new State(null, s.main()) : new State(s.temporary(), null);
        }

        @Override
        public void run(ObjectStore store, int object) throws TeeException {
            store.rename(number(store, object, !toTemp), id(object, toTemp));
        }
    }

    record Delete() implements Step {
        @Override
        public State applyTo(State s) {
            return s.with(false, null);
        }

        @Override
        public void run(ObjectStore store, int object) throws TeeException {
            store.delete(number(store, object, false));
        }
    }

    /** The number of the object stored under {@code id(object, temp)}, which the model says is there. */
    private static long number(ObjectStore store, int object, boolean temp) throws TeeException {
        ObjectStore.Entry e = store.find(OWNER, id(object, temp));
        if (e == null) {
            throw new IllegalStateException("object " + new String(id(object, temp), StandardCharsets.US_ASCII)
                    + " is missing, but the model has it");
        }
        return e.number();
    }

    /** The calls that make version {@code version} (at least 1) of {@code object} from the one before. */
    static List<Step> steps(long seed, int object, long version) {
        SplittableRandom r = new SplittableRandom(seed ^ object * 0x9E3779B97F4A7C15L ^ version * 0xC2B2AE3D27D4EB4FL);
        return switch (kind(r, version)) {
            case CREATE -> List.of(new Create(bytes(r, size(r)), bytes(r, r.nextInt(MAX_ATTRIBUTE_BYTES + 1)), true));
            case WRITE -> List.of(write(r, false));
            case TRUNCATE_WRITE -> {
                int cut = r.nextInt(MAX_BYTES + 1);
                int length = 1 + r.nextInt(Math.min(MAX_BYTES - cut, 6000) + 1);
                int offset = r.nextInt(Math.min(cut, MAX_BYTES - length) + 1);
                yield List.of(new Truncate(cut), new Write(false, offset, bytes(r, length)));
            }
            case RENAME_ROUNDTRIP -> List.of(new Rename(true), write(r, true), new Rename(false));
            case DELETE_RECREATE -> List.of(new Delete(), new Create(bytes(r, size(r)), bytes(r, r.nextInt(MAX_ATTRIBUTE_BYTES + 1)), false));
        };
    }

    static Kind kind(long seed, int object, long version) {
        return kind(new SplittableRandom(seed ^ object * 0x9E3779B97F4A7C15L ^ version * 0xC2B2AE3D27D4EB4FL), version);
    }

    private static Kind kind(SplittableRandom r, long version) {
        int k = r.nextInt(100);
        if (version == 1 || k < 20) {
            return Kind.CREATE;
        }
        return k < 50 ? Kind.WRITE : k < 70 ? Kind.TRUNCATE_WRITE : k < 85 ? Kind.RENAME_ROUNDTRIP : Kind.DELETE_RECREATE;
    }

    /** A write that ends at a size drawn like a created object's, from within the data or past its end. */
    private static Write write(SplittableRandom r, boolean temp) {
        int end = size(r);
        int length = 1 + r.nextInt(Math.min(end, 6000));
        return new Write(temp, end - length, bytes(r, length));
    }

    /** 1..64 bytes, up to one block, up to three blocks or up to five, a quarter each. */
    private static int size(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(64);
            case 1 -> 65 + r.nextInt(4096 - 64);
            case 2 -> 4097 + r.nextInt(3 * 4096 - 4096);
            default -> 3 * 4096 + 1 + r.nextInt(MAX_BYTES - 3 * 4096);
        };
    }

    private static byte[] bytes(SplittableRandom r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    /** The states a mutation passes through: {@code from}, then the state after each of its calls. */
    static State[] path(State from, List<Step> steps) {
        State[] states = new State[steps.size() + 1];
        states[0] = from;
        for (int k = 0; k < steps.size(); k++) {
            states[k + 1] = steps.get(k).applyTo(states[k]);
        }
        return states;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
