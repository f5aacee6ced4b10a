package dev.perfkit.monitor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A rule evaluated against Micrometer meters: when the statistic of the selected meters meets the condition, an
 * alert fires; when it no longer does, the alert resolves.
 *
 * @param name unique name of the rule
 * @param meter the meters the rule reads
 * @param statistic which figure of the meters is compared
 * @param condition how the figure is compared with the threshold
 * @param threshold the threshold
 * @param level severity of the alerts the rule raises
 * @param cooldown minimum time between two firings of the rule
 * @param message message template; {@code {name}}, {@code {metric}}, {@code {statistic}}, {@code {value}},
 * {@code {condition}}, {@code {threshold}} and {@code {level}} are replaced
 * @param relativeTo meters whose same statistic divides the value, making the rule compare a ratio, or {@code null}
 * @param pendingPeriod how long the condition must hold before the rule fires, as Prometheus's {@code for}
 * @since 0.1.0
 */
public record AlertRule(String name, MeterSelector meter, AlertStatistic statistic, AlertCondition condition,
		double threshold, AlertLevel level, Duration cooldown, String message, @Nullable MeterSelector relativeTo,
		Duration pendingPeriod) {

	/**
	 * Creates a rule.
	 * @param name unique name of the rule
	 * @param meter the meters the rule reads
	 * @param statistic which figure of the meters is compared
	 * @param condition how the figure is compared with the threshold
	 * @param threshold the threshold
	 * @param level severity of the alerts the rule raises
	 * @param cooldown minimum time between two firings of the rule
	 * @param message message template
	 * @param relativeTo meters whose same statistic divides the value, or {@code null}
	 * @param pendingPeriod how long the condition must hold before the rule fires
	 */
	public AlertRule {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(!cooldown.isNegative(), "'cooldown' must not be negative");
		Assert.isTrue(!pendingPeriod.isNegative(), "'pendingPeriod' must not be negative");
	}

	/**
	 * Creates a rule that fires as soon as its condition holds.
	 * @param name unique name of the rule
	 * @param meter the meters the rule reads
	 * @param statistic which figure of the meters is compared
	 * @param condition how the figure is compared with the threshold
	 * @param threshold the threshold
	 * @param level severity of the alerts the rule raises
	 * @param cooldown minimum time between two firings of the rule
	 * @param message message template
	 * @param relativeTo meters whose same statistic divides the value, or {@code null}
	 */
	public AlertRule(String name, MeterSelector meter, AlertStatistic statistic, AlertCondition condition,
			double threshold, AlertLevel level, Duration cooldown, String message, @Nullable MeterSelector relativeTo) {
		this(name, meter, statistic, condition, threshold, level, cooldown, message, relativeTo, Duration.ZERO);
	}

	/**
	 * Renders the message template for a measured value.
	 * @param value the measured value
	 * @return the message
	 */
	public String render(double value) {
		return this.message.replace("{name}", this.name)
			.replace("{metric}", (this.relativeTo != null) ? this.meter + " / " + this.relativeTo : this.meter.toString())
			.replace("{statistic}", this.statistic.name().toLowerCase(java.util.Locale.ROOT))
			.replace("{value}", format(value))
			.replace("{condition}", this.condition.symbol())
			.replace("{threshold}", format(this.threshold))
			.replace("{level}", this.level.name().toLowerCase(java.util.Locale.ROOT));
	}

	static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return String.format(java.util.Locale.ROOT, "%.4g", value);
	}

}
