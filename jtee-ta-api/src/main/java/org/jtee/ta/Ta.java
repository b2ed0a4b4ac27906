package org.jtee.ta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The standard properties of a TA ({@code gpd.ta.*}, GP Internal Core API §4.5), declared once on
 * the class that implements {@link TrustedApplication}. Extra properties: {@link TaProperty}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Ta {
    /** {@code gpd.ta.appID}: the TA's UUID in its canonical text form. */
    String uuid();

    /** {@code gpd.ta.singleInstance}: one instance serves every session. */
    boolean singleInstance() default false;

    /** {@code gpd.ta.multiSession}: a single instance accepts several sessions at once. */
    boolean multiSession() default false;

    /** {@code gpd.ta.instanceKeepAlive}: a single instance outlives its last session. */
    boolean instanceKeepAlive() default false;

    /** {@code gpd.ta.dataSize}: heap bytes the TA needs. */
    int dataSize() default 32 * 1024;

    /** {@code gpd.ta.stackSize}: stack bytes the TA needs. */
    int stackSize() default 2 * 1024;

    /** {@code gpd.ta.version}. */
    String version() default "0.0";

    /** {@code gpd.ta.description}. */
    String description() default "";
}
