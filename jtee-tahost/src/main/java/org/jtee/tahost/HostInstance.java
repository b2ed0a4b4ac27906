package org.jtee.tahost;

import java.util.UUID;
import org.jtee.ta.TaContext;
import org.jtee.ta.TeeProperties;

/** The instance a TA host runs, as the TA sees it. */
record HostInstance(TaType type, TeeProperties taProperties, TeeProperties teeProperties) implements TaContext {
    @Override
    public UUID uuid() {
        return type.uuid();
    }
}
