package org.jtee.os;

/** Run by {@link HardeningTest} in a child JVM, so that the test JVM itself stays dumpable. */
public final class DumpableChild {
    private DumpableChild() {}

    public static void main(String[] args) throws Exception {
        boolean before = Hardening.isDumpable();
        Hardening.disableDumping();
        System.out.println("before=" + before + " after=" + Hardening.isDumpable());
    }
}
