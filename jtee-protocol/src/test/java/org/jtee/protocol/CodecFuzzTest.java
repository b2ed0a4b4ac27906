package org.jtee.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * A deterministic mutation fuzzer: valid frames of every type, mutated with a fixed seed, fed to
 * {@link Codec#decode} and through a {@link FrameChannel}. Every input must either be rejected
 * with a {@link ProtocolException} or decode to a message that encodes back to the same bytes
 * ({@link FuzzProperty}); a rejected input may not make the decoder allocate more than a small
 * multiple of its own size. A failure names the run seed, the input's seed and its bytes, so it
 * reproduces; {@code -Djtee.fuzz.seed=... -Djtee.fuzz.inputs=...} picks another run.
 */
class CodecFuzzTest {
    private static final long SEED = Long.getLong("jtee.fuzz.seed", 0x6a7465655f667a31L);
    private static final int INPUTS = Integer.getInteger("jtee.fuzz.inputs", 200_000);
    /**
     * One input in this many also goes through a new {@link FrameChannel}, after zero to three
     * valid frames. A channel allocates two 64 KiB direct buffers, which costs a hundred times
     * more than decoding a frame; the framing has few branches, and the body decoding behind it
     * is {@link Codec#decode} again.
     */
    private static final int CHANNEL_EVERY = 32;
    /** Heap a decode may allocate beyond a few times its input: exceptions, messages, small objects. */
    private static final long ALLOCATION_SLACK = 1 << 20;

    @Test
    void decode_mutatedFrames_eitherRoundTripOrThrowProtocolException() {
        List<byte[]> corpus = Corpus.encoded();
        Random seeds = new Random(SEED);
        Allocation allocation = Allocation.forCurrentThread();
        int accepted = 0;
        for (int n = 0; n < INPUTS; n++) {
            long inputSeed = seeds.nextLong();
            Random random = new Random(inputSeed);
            byte[] input = new Mutator(corpus, random).next();
            try {
                long before = allocation.bytes();
                Frame decoded = FuzzProperty.checkDecode(input);
                long allocated = allocation.bytes() - before;
                if (decoded != null) {
                    accepted++;
                } else if (allocated > ALLOCATION_SLACK + 4L * input.length) {
                    throw new AssertionError("rejecting " + input.length + " bytes allocated " + allocated + " bytes");
                }
                if (random.nextInt(CHANNEL_EVERY) == 0) {
                    List<byte[]> valid = new ArrayList<>();
                    for (int k = random.nextInt(4); k > 0; k--) {
                        valid.add(corpus.get(random.nextInt(corpus.size())));
                    }
                    FuzzProperty.checkChannel(valid, input, chunks(random, input.length), decoded);
                }
            } catch (Throwable t) {
                throw new AssertionError(String.format(
                        "fuzz input %d (run seed 0x%x, input seed 0x%x) broke the property: %s%n  input: %s",
                        n, SEED, inputSeed, t, Hex.of(input)), t);
            }
        }
        if (INPUTS >= 10_000 && (accepted == 0 || accepted == INPUTS)) {
            throw new AssertionError("the mutator is useless: " + accepted + " of " + INPUTS + " inputs accepted");
        }
    }

    @Test
    void decode_everyCorpusFrame_isAcceptedByTheProperty() throws Exception {
        List<byte[]> corpus = new ArrayList<>(Corpus.encoded());
        for (byte[] frame : corpus) {
            if (FuzzProperty.checkDecode(frame) == null) {
                throw new AssertionError("corpus frame rejected: " + Hex.of(frame));
            }
            FuzzProperty.checkChannel(List.of(), frame, () -> 1, Codec.decode(java.nio.ByteBuffer.wrap(frame)));
        }
        FuzzProperty.checkChannel(corpus, new byte[0], () -> 7, null);
    }

    /** Chunk sizes for the in-memory channel: whole, single bytes, or random cuts. */
    private static IntSupplier chunks(Random random, int length) {
        switch (random.nextInt(3)) {
            case 0:
                return () -> Integer.MAX_VALUE;
            case 1:
                return () -> 1;
            default:
                long seed = random.nextLong();
                Random cuts = new Random(seed);
                return () -> 1 + cuts.nextInt(Math.max(1, 2 * length));
        }
    }
}
