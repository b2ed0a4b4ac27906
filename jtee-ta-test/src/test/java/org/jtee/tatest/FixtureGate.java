package org.jtee.tatest;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets a fixture class (a test class that another test runs, some of which fail on purpose) run
 * only when that test launches it ({@link Launch}), never when a build or an IDE finds it.
 */
final class FixtureGate implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(Launch.FIXTURE).filter("true"::equals).isPresent()
                ? ConditionEvaluationResult.enabled("launched as a fixture")
                : ConditionEvaluationResult.disabled("a fixture of another test");
    }
}
