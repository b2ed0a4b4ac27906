package org.jtee.tatest;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.client.TeeContext;
import org.jtee.common.DefaultLocations;
import org.jtee.common.TeeException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link TeeTest}: starts the TEE of a test class before its first
 * test and stops it after its last, and resolves the parameters {@link TeeContext} (one per test
 * method, closed after it; closing it closes the sessions the test left open) and {@link TestTee}.
 *
 * <p>The TEE is chosen by {@value #TARGET} (a JUnit configuration parameter, or a system property
 * such as {@code mvn test -Djtee.test.target=running}):
 * <ul>
 *   <li>{@code in-process} (default): a jtee core in the test JVM ({@link InProcessTee}) under a
 *       new temporary directory, with the class's {@link TeeTest#tas()} as built-in TAs; one per
 *       test class (a {@code @Nested} class shares its enclosing class's);</li>
 *   <li>{@code running}: the jtee at {@value #SOCKET} if set, else at the client's default socket
 *       ({@code $JTEE_SOCKET}, else {@code client.sock} in the jtee home); the TAs must be installed
 *       there, signed — a missing one fails its test with {@code TEE_ERROR_ITEM_NOT_FOUND}.</li>
 * </ul>
 */
public final class TeeExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, ParameterResolver {
    /** Configuration parameter or system property: {@code in-process} (default) or {@code running}. */
    public static final String TARGET = "jtee.test.target";
    /** Configuration parameter or system property: the client socket of the running jtee. */
    public static final String SOCKET = "jtee.test.socket";

    private static final System.Logger LOG = System.getLogger("org.jtee.tatest");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TeeExtension.class);
    private static final String TEE = "tee";

    @Override
    public void beforeAll(ExtensionContext context) {
        tee(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeContexts(context);
    }

    /** Closes the contexts opened at class level, then the TEE if this class started it. */
    @Override
    public void afterAll(ExtensionContext context) {
        closeContexts(context);
        Tee tee = context.getStore(NAMESPACE).remove(TEE, Tee.class);
        if (tee != null) {
            tee.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TeeContext.class || type == TestTee.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Tee tee = tee(context);
        Contexts contexts = contexts(context);
        if (parameter.getParameter().getType() == TestTee.class) {
            return new Handle(tee, contexts);
        }
        try {
            return contexts.first(tee);
        } catch (TeeException e) {
            throw new ParameterResolutionException("no TeeContext for " + context.getDisplayName() + " (" + TARGET + "="
                    + tee.mode().value() + "): " + e.getMessage(), e);
        }
    }

    /**
     * A test instance's constructor gets the context of its test method (with the default
     * lifecycle), so a context injected there is that test's alone, as a method parameter is.
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /** The TEE of the test class of {@code context}: its enclosing class's, or one started now. */
    private static Tee tee(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        Tee tee = store.get(TEE, Tee.class); // an enclosing class's store is searched too
        if (tee == null) {
            tee = start(classContext);
            store.put(TEE, tee);
        }
        return tee;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static Tee start(ExtensionContext classContext) {
        TestTee.Mode mode;
        try {
            mode = TestTee.Mode.of(classContext.getConfigurationParameter(TARGET).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
        if (mode == TestTee.Mode.RUNNING) {
            Path socket = classContext.getConfigurationParameter(SOCKET).filter(s -> !s.isBlank()).map(Path::of)
                    .orElseGet(DefaultLocations::clientSocket);
            LOG.log(Level.DEBUG, "{0}: tests run against the jtee at {1}", classContext.getDisplayName(), socket);
            return new Running(socket);
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        List<Class<?>> tas = AnnotationSupport.findAnnotation(testClass, TeeTest.class)
                .map(t -> List.<Class<?>>of(t.tas())).orElse(List.of());
        try {
            return InProcessTee.start(testClass.getName(), tas);
        } catch (IOException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot start an in-process jtee for " + testClass.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Contexts contexts(ExtensionContext context) {
        // keyed by the context's id: a method's store would find its class's contexts under a plain key
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("contexts " + context.getUniqueId(), k -> new Contexts(),
                Contexts.class);
    }

    private static void closeContexts(ExtensionContext context) {
        Contexts contexts = context.getStore(NAMESPACE).remove("contexts " + context.getUniqueId(), Contexts.class);
        if (contexts != null) {
            contexts.close();
        }
    }

    /** Where a test class's TAs run. */
    interface Tee {
        TestTee.Mode mode();

        Path clientSocket();

        void close();
    }

    /** A running jtee: nothing to start or stop. */
    private record Running(Path clientSocket) implements Tee {
        @Override
        public TestTee.Mode mode() {
            return TestTee.Mode.RUNNING;
        }

        @Override
        public void close() {}
    }

    /**
     * The contexts opened for one extension context (a test method, or a class for its
     * {@code @BeforeAll} methods): the first is the one every {@link TeeContext} parameter gets.
     * Not {@link AutoCloseable}: the extension closes them itself, whatever JUnit does with the
     * values of a store.
     */
    private static final class Contexts {
        private final List<TeeContext> opened = new ArrayList<>();

        synchronized TeeContext first(Tee tee) throws TeeException {
            return opened.isEmpty() ? open(tee) : opened.getFirst();
        }

        synchronized TeeContext open(Tee tee) throws TeeException {
            TeeContext c = TeeContext.open(tee.clientSocket());
            opened.add(c);
            return c;
        }

        synchronized void close() {
            opened.forEach(TeeContext::close);
            opened.clear();
        }
    }

    /** The {@link TestTee} a test gets. */
    private record Handle(Tee tee, Contexts contexts) implements TestTee {
        @Override
        public Mode mode() {
            return tee.mode();
        }

        @Override
        public Path clientSocket() {
            return tee.clientSocket();
        }

        @Override
        public TeeContext openContext() throws TeeException {
            return contexts.open(tee);
        }

        @Override
        public String toString() {
            return "TestTee[" + mode().value() + ", " + clientSocket() + "]";
        }
    }
}
