package dev.perfkit.monitor;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A rule and the outcome of its last evaluation.
 *
 * @param name the rule name
 * @param metric the meters the rule reads, as a selector
 * @param statistic the statistic compared
 * @param condition the comparison operator
 * @param threshold the threshold
 * @param level the severity of its alerts
 * @param cooldown the cooldown, ISO-8601
 * @param pendingPeriod how long the condition must hold before the rule fires, ISO-8601
 * @param state the outcome of the last evaluation
 * @param value the last measured value, or {@code null} when there was none
 * @param evaluatedAt when the rule was last evaluated, or {@code null} before the first evaluation
 * @since 0.1.0
 */
public record RuleStatus(String name, String metric, String statistic, String condition, double threshold,
		AlertLevel level, String cooldown, String pendingPeriod, RuleState state, @Nullable Double value, @Nullable Instant evaluatedAt) {

}
