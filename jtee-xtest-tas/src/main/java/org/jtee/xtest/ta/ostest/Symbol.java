package org.jtee.xtest.ta.ostest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The C symbol a library function is exported as: what {@link Linker.Handle#symbol} finds it by ({@code dlsym}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Symbol {
    String value();
}
