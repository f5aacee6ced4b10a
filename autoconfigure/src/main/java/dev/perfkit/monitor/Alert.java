package dev.perfkit.monitor;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One alert raised by a rule: immutable; resolution produces a resolved copy with the same id.
 *
 * @since 0.1.0
 */
public final class Alert {

	private final long id;

	private final String rule;

	private final AlertLevel level;

	private final String metric;

	private final String statistic;

	private final String condition;

	private final double threshold;

	private final double value;

	private final String message;

	private final AlertStatus status;

	private final Instant firedAt;

	private final @Nullable Instant resolvedAt;

	Alert(long id, AlertRule rule, double value, Instant firedAt) {
		this(id, rule.name(), rule.level(), describe(rule), rule.statistic().name().toLowerCase(java.util.Locale.ROOT),
				rule.condition().symbol(), rule.threshold(), value, rule.render(value), AlertStatus.FIRING, firedAt,
				null);
	}

	Alert(long id, String rule, AlertLevel level, String metric, String condition, double threshold, double value,
			String message, Instant firedAt) {
		this(id, rule, level, metric, "value", condition, threshold, value, message, AlertStatus.FIRING, firedAt, null);
	}

	private Alert(long id, String rule, AlertLevel level, String metric, String statistic, String condition,
			double threshold, double value, String message, AlertStatus status, Instant firedAt,
			@Nullable Instant resolvedAt) {
		this.id = id;
		this.rule = rule;
		this.level = level;
		this.metric = metric;
		this.statistic = statistic;
		this.condition = condition;
		this.threshold = threshold;
		this.value = value;
		this.message = message;
		this.status = status;
		this.firedAt = firedAt;
		this.resolvedAt = resolvedAt;
	}

	private static String describe(AlertRule rule) {
		return (rule.relativeTo() != null) ? rule.meter() + " / " + rule.relativeTo() : rule.meter().toString();
	}

	Alert resolve(double clearedValue, Instant at) {
		return new Alert(this.id, this.rule, this.level, this.metric, this.statistic, this.condition, this.threshold,
				clearedValue, this.message, AlertStatus.RESOLVED, this.firedAt, at);
	}

	/**
	 * Returns the id, unique within the application's lifetime.
	 * @return the id
	 */
	public long getId() {
		return this.id;
	}

	/**
	 * Returns the name of the rule that raised the alert.
	 * @return the rule name
	 */
	public String getRule() {
		return this.rule;
	}

	/**
	 * Returns the severity.
	 * @return the level
	 */
	public AlertLevel getLevel() {
		return this.level;
	}

	/**
	 * Returns the meters the rule reads, as a selector.
	 * @return the metric
	 */
	public String getMetric() {
		return this.metric;
	}

	/**
	 * Returns the statistic the rule compares.
	 * @return the statistic
	 */
	public String getStatistic() {
		return this.statistic;
	}

	/**
	 * Returns the comparison operator.
	 * @return the condition
	 */
	public String getCondition() {
		return this.condition;
	}

	/**
	 * Returns the threshold.
	 * @return the threshold
	 */
	public double getThreshold() {
		return this.threshold;
	}

	/**
	 * Returns the measured value: when fired while firing, when cleared once resolved.
	 * @return the value
	 */
	public double getValue() {
		return this.value;
	}

	/**
	 * Returns the rendered message.
	 * @return the message
	 */
	public String getMessage() {
		return this.message;
	}

	/**
	 * Returns whether the alert is firing or resolved.
	 * @return the status
	 */
	public AlertStatus getStatus() {
		return this.status;
	}

	/**
	 * Returns when the alert fired.
	 * @return the firing time
	 */
	public Instant getFiredAt() {
		return this.firedAt;
	}

	/**
	 * Returns when the alert resolved, or {@code null} while it fires.
	 * @return the resolution time or {@code null}
	 */
	public @Nullable Instant getResolvedAt() {
		return this.resolvedAt;
	}

	@Override
	public String toString() {
		return "Alert[" + this.id + ", " + this.rule + ", " + this.level + ", " + this.status + ": " + this.message
				+ "]";
	}

}
