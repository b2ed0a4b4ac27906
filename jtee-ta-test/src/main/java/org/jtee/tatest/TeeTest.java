package org.jtee.tatest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jtee.ta.TrustedApplication;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test class of TAs: its test methods take an {@link org.jtee.client.TeeContext} (a new
 * one for each test, closed after it) and, if they want, a {@link TestTee}.
 *
 * <pre>
 * &#64;TeeTest(tas = CounterTa.class)
 * class CounterTaTest {
 *     &#64;Test
 *     void counts(TeeContext tee) throws Exception {
 *         try (TeeSession s = tee.openSession(CounterContract.UUID, LoginMethod.PUBLIC, null)) { ... }
 *     }
 * }
 * </pre>
 *
 * Where the TAs run is the configuration parameter (or system property)
 * {@value TeeExtension#TARGET}: {@code in-process} (the default) starts a real jtee core in the
 * test JVM for the test class, with {@link #tas()} as its built-in TAs; {@code running} connects to
 * the jtee at {@value TeeExtension#SOCKET}, else the client's default socket, where the TAs must be
 * installed. See {@code docs/testing-tas.md}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TeeExtension.class)
public @interface TeeTest {
    /**
     * The TAs under test: classes that implement {@link TrustedApplication} and carry
     * {@link org.jtee.ta.Ta}, public, with a public constructor without arguments. In-process they
     * are the core's built-in TAs; against a running jtee they are not used (that jtee must have
     * them installed).
     */
    Class<? extends TrustedApplication<?>>[] tas();
}
