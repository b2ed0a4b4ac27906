package org.jtee.core.ta;

import org.jtee.ta.Identity;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.PropertySet;

/** An open session: its id on its connection, the instance it talks to and the TA's session state. */
public final class Session {
    /** The session's id on its connection (or, for a TA-to-TA session, in its calling instance). */
    public final int id;
    final TaInstance instance;
    final Identity client;
    final TeeProperties clientProperties;
    Object state;

    Session(int id, TaInstance instance, Identity client) {
        this.id = id;
        this.instance = instance;
        this.client = client;
        this.clientProperties = PropertySet.clientProperties(client);
    }

    /** True for a session of a pseudo TA: the core's own code, whose messages are the core's. */
    boolean ofPseudoTa() {
        return instance.type().pseudo();
    }
}
