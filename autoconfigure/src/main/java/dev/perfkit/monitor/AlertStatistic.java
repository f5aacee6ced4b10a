package dev.perfkit.monitor;

import org.jspecify.annotations.Nullable;

/**
 * Which figure of the matching meters a rule compares with its threshold. Times are in seconds. When several meters
 * match a rule (one per tag combination), counts, totals and values are summed, maxima and percentiles take the
 * largest, and means are weighted by count.
 *
 * @since 0.1.0
 */
public enum AlertStatistic {

	/**
	 * Current value: a gauge's value, a counter's count, a timer's count.
	 */
	VALUE(null),

	/**
	 * Cumulative count of a counter, timer or distribution summary.
	 */
	COUNT(null),

	/**
	 * Cumulative total time of a timer or amount of a distribution summary.
	 */
	TOTAL(null),

	/**
	 * Mean of a timer or distribution summary since start; for gauges, the mean of their values.
	 */
	MEAN(null),

	/**
	 * Maximum of a timer or distribution summary over its recent window; for gauges, the largest value.
	 */
	MAX(null),

	/**
	 * Increase of the count per second over the last evaluation interval.
	 */
	RATE(null),

	/**
	 * Median, where the meter publishes it.
	 */
	P50(0.5),

	/**
	 * 75th percentile, where the meter publishes it.
	 */
	P75(0.75),

	/**
	 * 90th percentile, where the meter publishes it.
	 */
	P90(0.9),

	/**
	 * 95th percentile, where the meter publishes it.
	 */
	P95(0.95),

	/**
	 * 99th percentile, where the meter publishes it.
	 */
	P99(0.99),

	/**
	 * 99.9th percentile, where the meter publishes it.
	 */
	P999(0.999);

	private final @Nullable Double percentile;

	AlertStatistic(@Nullable Double percentile) {
		this.percentile = percentile;
	}

	/**
	 * Returns the percentile this statistic reads, between 0 and 1, or {@code null} when it reads no percentile.
	 * @return the percentile or {@code null}
	 */
	public @Nullable Double percentile() {
		return this.percentile;
	}

}
