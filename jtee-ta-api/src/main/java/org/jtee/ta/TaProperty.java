package org.jtee.ta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An extra property of the TA ({@code TA_CURRENT_TA_EXT_PROPERTIES} in OP-TEE). The name must
 * not begin with {@code gpd.}. Exactly one of the value elements is set.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(TaProperty.List.class)
public @interface TaProperty {
    String name();

    /** A string value. */
    String string() default "";

    /** A 32-bit unsigned value; used when {@link #type()} is {@code U32}. */
    int u32() default 0;

    /** A boolean value; used when {@link #type()} is {@code BOOL}. */
    boolean bool() default false;

    /** Which element holds the value. */
    Type type() default Type.STRING;

    enum Type { STRING, U32, BOOL }

    /** Container of repeated {@link TaProperty}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        TaProperty[] value();
    }
}
