package dev.perfkit.test;

import java.util.Arrays;
import java.util.Locale;

/**
 * Durations of calls a test made during a fault, summarised as median, 99th percentile and maximum so that the test
 * can print them; tests report these figures, they never assert them.
 * <pre class="code">
 * Latencies latencies = new Latencies(100);
 * for (int i = 0; i &lt; 100; i++) {
 *     latencies.time(() -&gt; service.call(i));
 * }
 * System.out.println(latencies.summary("Redis killed"));
 * </pre>
 *
 * @since 0.1.0
 */
public final class Latencies {

	private long[] nanos;

	private int count;

	private long totalNanos;

	/**
	 * Creates an empty record.
	 * @param expected the number of calls expected, the initial capacity
	 */
	public Latencies(int expected) {
		this.nanos = new long[Math.max(1, expected)];
	}

	/**
	 * Runs a call and records how long it took.
	 * @param call the call
	 */
	public void time(Runnable call) {
		long start = System.nanoTime();
		try {
			call.run();
		}
		finally {
			record(System.nanoTime() - start);
		}
	}

	/**
	 * Records the duration of one call.
	 * @param durationNanos the duration in nanoseconds
	 */
	public synchronized void record(long durationNanos) {
		if (this.count == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.count * 2);
		}
		this.nanos[this.count++] = durationNanos;
		this.totalNanos += durationNanos;
	}

	/**
	 * Returns the number of calls recorded.
	 * @return the count
	 */
	public synchronized int count() {
		return this.count;
	}

	/**
	 * Returns the median duration in milliseconds.
	 * @return the median
	 */
	public double medianMillis() {
		return percentileMillis(50);
	}

	/**
	 * Returns the 99th percentile in milliseconds.
	 * @return the 99th percentile
	 */
	public double p99Millis() {
		return percentileMillis(99);
	}

	/**
	 * Returns the longest duration in milliseconds.
	 * @return the maximum
	 */
	public double maxMillis() {
		return percentileMillis(100);
	}

	/**
	 * Returns the sum of all durations in milliseconds.
	 * @return the total
	 */
	public synchronized double totalMillis() {
		return this.totalNanos / 1e6;
	}

	/**
	 * Returns a percentile (nearest rank) in milliseconds, 0 when nothing was recorded.
	 * @param percentile the percentile, 0 to 100
	 * @return the percentile
	 */
	public synchronized double percentileMillis(double percentile) {
		if (this.count == 0) {
			return 0;
		}
		long[] sorted = Arrays.copyOf(this.nanos, this.count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100 * sorted.length);
		return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1e6;
	}

	/**
	 * Returns one line with the label, the count and the figures, for the test's output.
	 * @param label what was measured
	 * @return the summary
	 */
	public String summary(String label) {
		return String.format(Locale.ROOT, "%s: %d calls, median %.2f ms, p99 %.2f ms, max %.2f ms, total %.0f ms",
				label, count(), medianMillis(), p99Millis(), maxMillis(), totalMillis());
	}

}
