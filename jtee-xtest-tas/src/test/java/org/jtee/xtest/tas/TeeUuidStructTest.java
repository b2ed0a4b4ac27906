package org.jtee.xtest.tas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.UUID;
import org.jtee.xtest.ta.common.TeeUuidStruct;
import org.junit.jupiter.api.Test;

class TeeUuidStructTest {
    private static final UUID SIMS = UUID.fromString("e6a33ed4-562b-463a-bb7e-ff5e15a493c8");
    /** {timeLow 0xe6a33ed4, timeMid 0x562b, timeHiAndVersion 0x463a, clockSeqAndNode bb 7e ff 5e 15 a4 93 c8} on a little-endian CPU. */
    private static final byte[] SIMS_STRUCT = HexFormat.of().parseHex("d43ea3e62b563a46bb7eff5e15a493c8");

    @Test
    void encode_firstThreeFieldsLittleEndian_nodeAsWritten() {
        assertArrayEquals(SIMS_STRUCT, TeeUuidStruct.encode(SIMS));
    }

    @Test
    void decode_ofEncode_isTheUuid() {
        assertEquals(SIMS, TeeUuidStruct.decode(MemorySegment.ofArray(SIMS_STRUCT)));
        UUID random = UUID.randomUUID();
        assertEquals(random, TeeUuidStruct.decode(MemorySegment.ofArray(TeeUuidStruct.encode(random))));
    }

    @Test
    void decode_shorterThan16Bytes_refuses() {
        assertThrows(IllegalArgumentException.class, () -> TeeUuidStruct.decode(MemorySegment.ofArray(new byte[15])));
    }
}
