package org.jtee.tahost;

import java.util.Objects;
import org.jtee.ta.Ta;

/**
 * The standard properties of a TA ({@code gpd.ta.*}), whether they were read from a loaded
 * class's {@link Ta} annotation or from the class file of a verified dynamic TA.
 */
public record TaInfo(
        boolean singleInstance,
        boolean multiSession,
        boolean instanceKeepAlive,
        int dataSize,
        int stackSize,
        String version,
        String description) {

    public TaInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
    }

    static TaInfo of(Ta ta) {
        return new TaInfo(ta.singleInstance(), ta.multiSession(), ta.instanceKeepAlive(), ta.dataSize(),
                ta.stackSize(), ta.version(), ta.description());
    }
}
