package org.jtee.supplicant;

import java.time.Clock;
import java.time.Instant;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/** GET_TIME: the normal world's wall clock. {@code [0] VALUE_OUT: a = seconds, b = nanoseconds}. */
public final class TimeService implements RpcService {
    private final Clock clock;

    public TimeService(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int command() {
        return Rpc.GET_TIME;
    }

    @Override
    public WireParams serve(WireParams params) throws TeeException {
        if (params.get(0).type() != WireParam.VALUE_OUT) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "GET_TIME needs parameter 0 VALUE_OUT");
        }
        Instant now = clock.instant();
        return WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, now.getEpochSecond(), now.getNano(), 0),
                params.get(1), params.get(2), params.get(3));
    }
}
