package dev.perfkit.profiler;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free log-linear histogram of durations: 4 sub-buckets per power of two of microseconds (relative error under
 * 19%), 1 KiB per instance whatever the number of samples.
 *
 * @since 0.1.0
 */
public final class DurationHistogram {

	private static final int SUB_BUCKET_BITS = 2;

	private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

	private static final int BUCKETS = 32 * SUB_BUCKETS;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	/**
	 * Count one duration.
	 * @param nanos the duration in nanoseconds
	 */
	public void record(long nanos) {
		this.counts.incrementAndGet(index(nanos / 1000));
	}

	static int index(long micros) {
		if (micros < SUB_BUCKETS) {
			return (int) Math.max(micros, 0);
		}
		int exponent = 63 - Long.numberOfLeadingZeros(micros);
		int sub = (int) (micros >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
		int index = (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
		return Math.min(index, BUCKETS - 1);
	}

	/** Upper bound, in microseconds, of the values counted in a bucket. */
	static long upperBound(int index) {
		if (index < SUB_BUCKETS) {
			return index;
		}
		int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
		int sub = index % SUB_BUCKETS;
		long base = 1L << exponent;
		return base + ((sub + 1L) << (exponent - SUB_BUCKET_BITS)) - 1;
	}

	/**
	 * Percentile in nanoseconds, clamped to [min, max] of the recorded values.
	 * @param percentile the percentile, 0 to 1
	 * @param min the smallest value recorded
	 * @param max the largest value recorded
	 * @return the percentile in nanoseconds, 0 when nothing was recorded
	 */
	public long percentile(double percentile, long min, long max) {
		long total = 0;
		long[] snapshot = new long[BUCKETS];
		for (int i = 0; i < BUCKETS; i++) {
			snapshot[i] = this.counts.get(i);
			total += snapshot[i];
		}
		if (total == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(percentile * total);
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += snapshot[i];
			if (seen >= rank) {
				long nanos = upperBound(i) * 1000 + 999;
				return Math.max(min, Math.min(max, nanos));
			}
		}
		return max;
	}

}
