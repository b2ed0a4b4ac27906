package org.jtee.protocol;

import java.lang.management.ManagementFactory;

/** Heap bytes allocated by the current thread, where the JVM can tell (HotSpot can); else always 0. */
interface Allocation {
    long bytes();

    static Allocation forCurrentThread() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
            if (sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()) {
                return sun::getCurrentThreadAllocatedBytes;
            }
        }
        return () -> 0;
    }
}
