package org.jtee.os;

/**
 * Shipped inside {@link org.jtee.core.MaliciousTa}'s JAR: a TA class that names itself as part of
 * the package of the one module with native access, hoping to share its rights.
 */
public final class SmuggledIntoOs {
    private SmuggledIntoOs() {}

    /** getpid(2) through the FFM API, from a class that claims the package org.jtee.os. */
    @SuppressWarnings("restricted") // the point: a TA trying
    public static String tryDowncall() throws Throwable {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle getpid = linker.downcallHandle(linker.defaultLookup().find("getpid").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
        return "getpid() = " + (int) getpid.invokeExact() + " from module " + SmuggledIntoOs.class.getModule();
    }
}
