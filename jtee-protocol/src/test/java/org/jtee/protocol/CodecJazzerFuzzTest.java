package org.jtee.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.List;

/**
 * Coverage-guided fuzzing with Jazzer, for the same property as {@link CodecFuzzTest}.
 *
 * <p>In a normal build ("regression mode") each method only replays its seeds, the frames under
 * {@code src/test/resources/org/jtee/protocol/CodecJazzerFuzzTestInputs/<method>/}, plus any
 * finding saved there. With {@code JAZZER_FUZZ=1} Jazzer fuzzes one method for
 * {@code maxDuration} (see {@code docs/protocol.md}, "Fuzzing and tests").
 */
class CodecJazzerFuzzTest {
    /** One frame through {@link Codec#decode}: rejected with a ProtocolException, or round-trips exactly. */
    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        FuzzProperty.checkDecode(input);
    }

    /**
     * A byte stream through {@link FrameChannel}, read in chunks whose size the last byte picks:
     * frames come out whole and round-trip, and the stream ends in null or a ProtocolException.
     */
    @FuzzTest(maxDuration = "5m")
    void readFrames(byte[] input) throws IOException {
        int chunk = input.length == 0 ? 1 : 1 + (input[input.length - 1] & 0xff);
        FuzzProperty.checkChannel(List.of(), input, () -> chunk, FuzzProperty.checkDecode(input));
    }
}
