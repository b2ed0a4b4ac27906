package org.jtee.tahost;

import java.time.Instant;
import java.util.UUID;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.TaContext;
import org.jtee.ta.TeeProperties;

/**
 * What every {@link CallContext} answers the same way, in the core ({@code org.jtee.core.ta.Call}) and in a TA
 * host ({@link HostCall}): the instance's identity and property sets, the client, system time.
 */
public abstract class CallBase implements CallContext {
    private final TaContext instance;
    private final Identity client;
    private final TeeProperties clientProperties;

    /** A call into {@code instance} for {@code client}, whose property set is {@code clientProperties}. */
    protected CallBase(TaContext instance, Identity client, TeeProperties clientProperties) {
        this.instance = instance;
        this.client = client;
        this.clientProperties = clientProperties;
    }

    @Override
    public final UUID uuid() {
        return instance.uuid();
    }

    @Override
    public final TeeProperties taProperties() {
        return instance.taProperties();
    }

    @Override
    public final TeeProperties teeProperties() {
        return instance.teeProperties();
    }

    @Override
    public final Identity client() {
        return client;
    }

    @Override
    public final TeeProperties clientProperties() {
        return clientProperties;
    }

    @Override
    public final Instant systemTime() {
        return Instant.now();
    }
}
