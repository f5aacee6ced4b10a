package dev.perfkit.profiler;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/** Lock-free running statistics of one fingerprint. */
final class FingerprintStats {

	private static final int MAX_CALLERS = 8;

	final String fingerprint;

	final SqlOperation operation;

	final List<String> tables;

	final LongAdder calls = new LongAdder();

	final LongAdder totalNanos = new LongAdder();

	final DoubleAdder sumOfSquares = new DoubleAdder();

	final LongAdder rows = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LongAdder slow = new LongAdder();

	final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);

	final AtomicLong maxNanos = new AtomicLong();

	final DurationHistogram histogram = new DurationHistogram();

	final ConcurrentHashMap<String, LongAdder> callers = new ConcurrentHashMap<>();

	volatile @Nullable String indexHint;

	LongAdder[] tableCounters = new LongAdder[0];

	volatile boolean evicted;

	FingerprintStats(String fingerprint, SqlOperation operation, List<String> tables) {
		this.fingerprint = fingerprint;
		this.operation = operation;
		this.tables = tables;
	}

	/** Records one execution; returns the number of calls before it. */
	void record(long nanos, boolean failed) {
		this.calls.increment();
		this.totalNanos.add(nanos);
		double micros = nanos / 1000.0;
		this.sumOfSquares.add(micros * micros);
		this.histogram.record(nanos);
		if (failed) {
			this.errors.increment();
		}
		long min = this.minNanos.get();
		while (nanos < min && !this.minNanos.compareAndSet(min, nanos)) {
			min = this.minNanos.get();
		}
		long max = this.maxNanos.get();
		while (nanos > max && !this.maxNanos.compareAndSet(max, nanos)) {
			max = this.maxNanos.get();
		}
	}

	void caller(String frame) {
		LongAdder count = this.callers.get(frame);
		if (count == null) {
			if (this.callers.size() >= MAX_CALLERS) {
				return;
			}
			count = this.callers.computeIfAbsent(frame, (key) -> new LongAdder());
		}
		count.increment();
	}

	FingerprintStatistics snapshot() {
		long calls = this.calls.sum();
		long total = this.totalNanos.sum();
		double meanMicros = (calls > 0) ? total / 1000.0 / calls : 0;
		double variance = (calls > 0) ? Math.max(0, this.sumOfSquares.sum() / calls - meanMicros * meanMicros) : 0;
		long min = (calls > 0) ? this.minNanos.get() : 0;
		long max = this.maxNanos.get();
		String topCaller = null;
		long topCount = 0;
		for (var entry : this.callers.entrySet()) {
			long count = entry.getValue().sum();
			if (count > topCount) {
				topCount = count;
				topCaller = entry.getKey();
			}
		}
		return new FingerprintStatistics(this.fingerprint, this.operation, this.tables, calls, this.errors.sum(),
				this.slow.sum(), millis(total), meanMicros / 1000.0, Math.sqrt(variance) / 1000.0, millis(min),
				millis(max), millis(this.histogram.percentile(0.50, min, max)),
				millis(this.histogram.percentile(0.95, min, max)), millis(this.histogram.percentile(0.99, min, max)),
				this.rows.sum(), topCaller, this.indexHint);
	}

	static double millis(long nanos) {
		return Math.round(nanos / 1000.0) / 1000.0;
	}

}
