package dev.perfkit.monitor;

import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

/**
 * Reads one statistic of the meters a selector matches. Negative and non-finite values are skipped: Micrometer's JVM
 * gauges report -1 for "undefined" (such as the maximum of an unbounded memory pool) and a gauge whose object was
 * collected reports NaN.
 */
final class MeterReader {

	private final MeterRegistry registry;

	MeterReader(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Returns the statistic, or {@code null} when no meter matches or none has a value for it. {@link AlertStatistic#RATE}
	 * is read as the cumulative count; the caller turns it into a rate.
	 */
	@Nullable Double read(MeterSelector selector, AlertStatistic statistic) {
		Collection<Meter> meters = this.registry.find(selector.name()).tags(selector.micrometerTags()).meters();
		if (meters.isEmpty()) {
			return null;
		}
		return switch (statistic) {
			case VALUE, COUNT, RATE -> sum(meters, MeterReader::count);
			case TOTAL -> sum(meters, MeterReader::total);
			case MAX -> max(meters);
			case MEAN -> mean(meters);
			default -> percentile(meters, statistic.percentile());
		};
	}

	private static @Nullable Double sum(Collection<Meter> meters, java.util.function.ToDoubleFunction<Meter> reading) {
		double sum = 0;
		boolean any = false;
		for (Meter meter : meters) {
			double value = reading.applyAsDouble(meter);
			if (usable(value)) {
				sum += value;
				any = true;
			}
		}
		return any ? sum : null;
	}

	private static @Nullable Double max(Collection<Meter> meters) {
		double max = Double.NaN;
		for (Meter meter : meters) {
			double value;
			if (meter instanceof Timer timer) {
				value = timer.max(TimeUnit.SECONDS);
			}
			else if (meter instanceof DistributionSummary summary) {
				value = summary.max();
			}
			else if (meter instanceof LongTaskTimer timer) {
				value = timer.max(TimeUnit.SECONDS);
			}
			else {
				value = count(meter);
			}
			if (usable(value) && !(value <= max)) {
				max = value;
			}
		}
		return Double.isNaN(max) ? null : max;
	}

	private static @Nullable Double mean(Collection<Meter> meters) {
		double total = 0;
		double count = 0;
		for (Meter meter : meters) {
			if (meter instanceof Timer || meter instanceof FunctionTimer || meter instanceof DistributionSummary) {
				double meterCount = count(meter);
				double meterTotal = total(meter);
				if (usable(meterCount) && usable(meterTotal)) {
					count += meterCount;
					total += meterTotal;
				}
			}
			else {
				double value = count(meter);
				if (usable(value)) {
					count += 1;
					total += value;
				}
			}
		}
		return (count > 0) ? total / count : null;
	}

	private static @Nullable Double percentile(Collection<Meter> meters, @Nullable Double percentile) {
		if (percentile == null) {
			return null;
		}
		double max = Double.NaN;
		for (Meter meter : meters) {
			if (meter instanceof HistogramSupport histogram) {
				for (ValueAtPercentile value : histogram.takeSnapshot().percentileValues()) {
					if (Math.abs(value.percentile() - percentile) < 1e-9) {
						double reading = (meter instanceof Timer) ? value.value(TimeUnit.SECONDS) : value.value();
						if (usable(reading) && !(reading <= max)) {
							max = reading;
						}
					}
				}
			}
		}
		return Double.isNaN(max) ? null : max;
	}

	static double count(Meter meter) {
		if (meter instanceof Counter counter) {
			return counter.count();
		}
		if (meter instanceof FunctionCounter counter) {
			return counter.count();
		}
		if (meter instanceof Timer timer) {
			return timer.count();
		}
		if (meter instanceof FunctionTimer timer) {
			return timer.count();
		}
		if (meter instanceof DistributionSummary summary) {
			return summary.count();
		}
		if (meter instanceof LongTaskTimer timer) {
			return timer.activeTasks();
		}
		if (meter instanceof TimeGauge gauge) {
			return gauge.value(TimeUnit.SECONDS);
		}
		if (meter instanceof Gauge gauge) {
			return gauge.value();
		}
		Iterator<Measurement> measurements = meter.measure().iterator();
		return measurements.hasNext() ? measurements.next().getValue() : Double.NaN;
	}

	static double total(Meter meter) {
		if (meter instanceof Timer timer) {
			return timer.totalTime(TimeUnit.SECONDS);
		}
		if (meter instanceof FunctionTimer timer) {
			return timer.totalTime(TimeUnit.SECONDS);
		}
		if (meter instanceof DistributionSummary summary) {
			return summary.totalAmount();
		}
		if (meter instanceof LongTaskTimer timer) {
			return timer.duration(TimeUnit.SECONDS);
		}
		return count(meter);
	}

	private static boolean usable(double value) {
		return Double.isFinite(value) && value >= 0;
	}

}
