package org.jtee.tahost;

/** Names in a TA JAR's manifest (see {@code docs/ta-format.md}). */
public final class TaJarAttributes {
    /** The fully qualified name of the class that implements {@code TrustedApplication}. */
    public static final String TA_CLASS = "Jtee-Ta-Class";

    private TaJarAttributes() {}
}
