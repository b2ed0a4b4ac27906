package org.jtee.core.internal;

/** Names in a TA JAR's manifest (see {@code docs/ta-format.md}). */
final class TaJarAttributes {
    /** The fully qualified name of the class that implements {@code TrustedApplication}. */
    static final String TA_CLASS = "Jtee-Ta-Class";

    private TaJarAttributes() {}
}
