package org.jtee.supplicant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.Test;

class TimeServiceTest {
    private final TimeService service = new TimeService(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), ZoneOffset.UTC));

    @Test
    void servesGetTime() {
        assertEquals(Rpc.GET_TIME, service.command());
    }

    @Test
    void getTime_secondsAndNanosInValueOut() throws Exception {
        WireParams out = service.serve(WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null, null));
        WireParam.Value v = (WireParam.Value) out.get(0);
        assertEquals(1_700_000_000L, v.a());
        assertEquals(123_456_789L, v.b());
    }

    @Test
    void getTime_withoutValueOut_badParameters() {
        TeeException e = assertThrows(TeeException.class, () -> service.serve(WireParams.EMPTY));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
    }
}
