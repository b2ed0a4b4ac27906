package org.jtee.tatest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class with the JUnit Platform Launcher, as a build tool does, with configuration
 * parameters of the caller's ({@link #FIXTURE} set, so that {@link FixtureGate} lets fixtures run).
 */
final class Launch implements TestExecutionListener {
    /** The configuration parameter that lets a {@link FixtureGate}d class run. */
    static final String FIXTURE = "jtee.test.fixture";

    private final Set<String> passed = new TreeSet<>();
    private final Map<String, String> failures = new TreeMap<>();

    private Launch() {}

    /** Runs {@code testClass} with {@code configuration}; returns what passed and what failed. */
    static Launch run(Class<?> testClass, Map<String, String> configuration) {
        Map<String, String> parameters = new TreeMap<>(configuration);
        parameters.put(FIXTURE, "true");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(testClass))
                .configurationParameters(parameters)
                .build();
        Launch outcome = new Launch();
        LauncherFactory.create().execute(request, outcome);
        return outcome;
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        String name = id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(id.getDisplayName());
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            if (id.isTest()) {
                passed.add(name);
            }
            return;
        }
        StringWriter trace = new StringWriter();
        result.getThrowable().ifPresent(t -> t.printStackTrace(new PrintWriter(trace)));
        failures.put(name, result.getStatus() + ": " + trace);
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        failures.put(id.getDisplayName(), "skipped: " + reason);
    }

    /** The names of the test methods that passed. */
    synchronized Set<String> passed() {
        return new TreeSet<>(passed);
    }

    /** Every failure, of a test or of its class, with its stack trace; empty if none. */
    synchronized String failures() {
        List<String> all = new ArrayList<>();
        failures.forEach((test, why) -> all.add(test + " " + why));
        return String.join("\n", all);
    }
}
