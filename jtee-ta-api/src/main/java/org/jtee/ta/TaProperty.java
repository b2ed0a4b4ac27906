package org.jtee.ta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An extra property of the TA ({@code TA_CURRENT_TA_EXT_PROPERTIES} in OP-TEE), in the set
 * {@code TEE_PROPSET_CURRENT_TA} after the {@code gpd.ta.*} ones. The name must not begin with
 * {@code gpd.}. {@link #type()} says which element holds the value; the others are ignored.
 *
 * <pre>
 * type          value from          read with                      e.g.
 * STRING        string()            getString                      string = "hello"
 * BOOL          bool()              getBool                        bool = true
 * U32           u32()               getU32 (unsigned)              u32 = 42
 * U64           u64()               getU64 (unsigned)              u64 = 1L &lt;&lt; 40
 * UUID          string(), canonical getUuid                        string = "00000001-0002-0003-0000-000000000000"
 * IDENTITY      string(), login:uuid getIdentity                   string = "1:00000002-0003-0004-0000-000000000000"
 * BINARY_BLOCK  string(), Base64    getBinaryBlock                 string = "SGVsbG8gd29ybGQh"
 * </pre>
 *
 * A binary block's Base64 text is decoded as OP-TEE decodes it: characters outside the Base64
 * alphabet are skipped and decoding stops at the first {@code =}, so {@code ""}, {@code "===="}
 * and {@code "-%@&"} are all the empty block. An identity's login is decimal or {@code 0x} hex.
 * A malformed UUID or identity makes the TA fail to load.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(TaProperty.List.class)
public @interface TaProperty {
    String name();

    /** The value of a {@code STRING}, or the text of a {@code UUID}, {@code IDENTITY} or {@code BINARY_BLOCK}. */
    String string() default "";

    /** A 32-bit unsigned value; used when {@link #type()} is {@code U32}. */
    int u32() default 0;

    /** A 64-bit unsigned value; used when {@link #type()} is {@code U64}. */
    long u64() default 0;

    /** A boolean value; used when {@link #type()} is {@code BOOL}. */
    boolean bool() default false;

    /** Which element holds the value, and the property's GP type. */
    Type type() default Type.STRING;

    /** The property types of GP Internal Core API §4.4 ({@code USER_TA_PROP_TYPE_*} in OP-TEE). */
    enum Type { STRING, U32, BOOL, U64, UUID, IDENTITY, BINARY_BLOCK }

    /** Container of repeated {@link TaProperty}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        TaProperty[] value();
    }
}
