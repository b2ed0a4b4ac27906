package org.jtee.tatest.tas;

import org.jtee.tapkg.TaJar;

/**
 * The test TAs' JARs, as a TA project's build makes them: the TA class (with its nested classes)
 * and the classes the TAs share, and a manifest naming the TA class ({@code Jtee-Ta-Class}).
 */
public final class TaJars {
    private TaJars() {}

    public static byte[] of(Class<?> taClass) {
        return TaJar.of(taClass, GpTas.class, InstanceTa.class, Waits.class);
    }
}
