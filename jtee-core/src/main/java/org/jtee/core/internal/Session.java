package org.jtee.core.internal;

import java.util.Map;
import org.jtee.ta.Identity;
import org.jtee.ta.TeeProperties;

/** An open session: its id on its connection, the instance it talks to and the TA's session state. */
final class Session {
    final int id;
    final TaInstance instance;
    final Identity client;
    final TeeProperties clientProperties;
    Object state;

    Session(int id, TaInstance instance, Identity client) {
        this.id = id;
        this.instance = instance;
        this.client = client;
        this.clientProperties = clientProperties(client);
    }

    /** {@code TEE_PROPSET_CURRENT_CLIENT} of {@code client}. */
    static TeeProperties clientProperties(Identity client) {
        return new PropertySet(Map.of("gpd.client.identity", client, "gpd.client.endian", 0L));
    }
}
