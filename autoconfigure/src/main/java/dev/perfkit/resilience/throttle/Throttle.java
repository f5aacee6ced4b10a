package dev.perfkit.resilience.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import dev.perfkit.resilience.ThrottledException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Global throttle: a Resilience4j {@link RateLimiter} (permits refreshed every second) whose rate is fixed or, in
 * adaptive mode, changed at run time by an AIMD loop ({@link #adjust()}, called on a schedule).
 * <p>
 * AIMD (additive increase, multiplicative decrease, as TCP): when the mean latency of the last interval exceeds the
 * target, the error rate exceeds its threshold, or process CPU exceeds its threshold, the rate is multiplied by a
 * decrease factor; otherwise, if calls were made and some were refused or the rate is below its maximum, it grows by
 * a fixed step. It never leaves {@code [min-rate, max-rate]}, and an idle interval changes nothing. AIMD was chosen
 * over a gradient controller (Netflix concurrency-limits' Gradient2) because its steady state is predictable and it
 * cannot drift upward on noise: it only grows when the interval was healthy, and each change has a stated reason.
 * <p>
 * In-flight calls are counted on the throttle's own counter; a Resilience4j semaphore bulkhead is never resized from
 * the loop, since shrinking one blocks on calls in flight.
 *
 * @since 0.1.0
 */
public class Throttle {

	private static final Log logger = LogFactory.getLog(Throttle.class);

	private final RateLimiter rateLimiter;

	private final Settings settings;

	private final DoubleSupplier cpuLoad;

	private final LongSupplier nanoClock;

	private final LongAdder calls = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder latencyNanos = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ArrayDeque<RateChange> history;

	private volatile double rate;

	private volatile Reading lastReading = new Reading(0, 0, Duration.ZERO, 0, 0);

	/**
	 * Creates a throttle.
	 * @param registry the registry the underlying rate limiter is registered in (named {@code perfkit-throttle})
	 * @param settings the settings
	 * @param cpuLoad source of the process CPU load, from 0.0 to 1.0 (negative when unknown)
	 */
	public Throttle(RateLimiterRegistry registry, Settings settings, DoubleSupplier cpuLoad) {
		this(registry, settings, cpuLoad, System::nanoTime);
	}

	/**
	 * Creates a throttle that measures latency on a given clock.
	 * @param registry the registry the underlying rate limiter is registered in (named {@code perfkit-throttle})
	 * @param settings the settings
	 * @param cpuLoad source of the process CPU load, from 0.0 to 1.0 (negative when unknown)
	 * @param nanoClock the clock latency is measured on, in nanoseconds, like {@link System#nanoTime()}
	 */
	public Throttle(RateLimiterRegistry registry, Settings settings, DoubleSupplier cpuLoad, LongSupplier nanoClock) {
		this.settings = settings;
		this.cpuLoad = cpuLoad;
		this.nanoClock = nanoClock;
		this.rate = settings.rate();
		this.history = new ArrayDeque<>(settings.historySize());
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitRefreshPeriod(Duration.ofSeconds(1))
			.limitForPeriod(permits(settings.rate()))
			.timeoutDuration(settings.maxWait())
			.build();
		this.rateLimiter = registry.rateLimiter("perfkit-throttle", config);
		record(new RateChange(Instant.now(), 0, this.rate, "initial"));
	}

	/**
	 * Waits up to the maximum wait for a permit.
	 * @throws ThrottledException if no permit came in time
	 */
	public void acquire() {
		if (!this.rateLimiter.acquirePermission()) {
			this.rejected.increment();
			throw new ThrottledException(this.rate, this.settings.maxWait());
		}
	}

	/**
	 * Marks the start of a permitted call; pair with {@link #onComplete(long, boolean)}. Costs nothing unless the
	 * throttle is adaptive.
	 * @return the start time in nanoseconds
	 */
	public long onStart() {
		if (!this.settings.adaptive()) {
			return 0;
		}
		this.inFlight.incrementAndGet();
		return this.nanoClock.getAsLong();
	}

	/**
	 * Records the end of a call started with {@link #onStart()}.
	 * @param startNanos what {@link #onStart()} returned
	 * @param success whether the call succeeded
	 */
	public void onComplete(long startNanos, boolean success) {
		if (!this.settings.adaptive()) {
			return;
		}
		this.inFlight.decrementAndGet();
		record(this.nanoClock.getAsLong() - startNanos, success);
	}

	/**
	 * Records the outcome of one call, for the adaptive loop.
	 * @param nanos how long the call took
	 * @param success whether the call succeeded
	 */
	public void record(long nanos, boolean success) {
		if (!this.settings.adaptive()) {
			return;
		}
		this.calls.increment();
		this.latencyNanos.add(nanos);
		if (!success) {
			this.errors.increment();
		}
	}

	/**
	 * Runs one step of the adaptive loop: reads what was recorded since the last step and changes the rate if the
	 * AIMD rules call for it. Does nothing unless the throttle is adaptive.
	 * @return the rate after the step
	 */
	public synchronized double adjust() {
		if (!this.settings.adaptive()) {
			return this.rate;
		}
		long calls = this.calls.sumThenReset();
		long errors = this.errors.sumThenReset();
		long latency = this.latencyNanos.sumThenReset();
		double cpu = this.cpuLoad.getAsDouble();
		Duration meanLatency = (calls > 0) ? Duration.ofNanos(latency / calls) : Duration.ZERO;
		double errorRate = (calls > 0) ? (double) errors / calls : 0.0;
		this.lastReading = new Reading(calls, errorRate, meanLatency, cpu, this.inFlight.get());
		if (calls == 0) {
			return this.rate;
		}
		String reason = null;
		double target = this.rate;
		if (meanLatency.compareTo(this.settings.targetLatency()) > 0) {
			reason = "latency " + meanLatency.toMillis() + "ms over target " + this.settings.targetLatency().toMillis()
					+ "ms";
		}
		else if (errorRate > this.settings.errorRateThreshold()) {
			reason = String.format("error rate %.2f over %.2f", errorRate, this.settings.errorRateThreshold());
		}
		else if (cpu > this.settings.cpuThreshold()) {
			reason = String.format("cpu %.2f over %.2f", cpu, this.settings.cpuThreshold());
		}
		if (reason != null) {
			target = Math.max(this.settings.minRate(), this.rate * this.settings.decreaseFactor());
		}
		else {
			target = Math.min(this.settings.maxRate(), this.rate + this.settings.increaseStep());
			reason = "healthy: latency " + meanLatency.toMillis() + "ms, error rate "
					+ String.format("%.2f", errorRate);
		}
		if (target != this.rate) {
			changeRate(target, reason);
		}
		return this.rate;
	}

	/**
	 * Sets the rate, for example from an operator.
	 * @param rate the new rate in permits per second, at least 0.001
	 * @param reason why the rate changes, kept in the history
	 */
	public synchronized void setRate(double rate, String reason) {
		Assert.isTrue(rate > 0, "'rate' must be positive");
		changeRate(rate, reason);
	}

	private void changeRate(double target, String reason) {
		double previous = this.rate;
		this.rate = target;
		this.rateLimiter.changeLimitForPeriod(permits(target));
		record(new RateChange(Instant.now(), previous, target, reason));
		if (logger.isDebugEnabled()) {
			logger.debug("Throttle rate " + previous + " -> " + target + " (" + reason + ")");
		}
	}

	private void record(RateChange change) {
		synchronized (this.history) {
			if (this.history.size() == this.settings.historySize()) {
				this.history.removeFirst();
			}
			this.history.addLast(change);
		}
	}

	private static int permits(double rate) {
		return (int) Math.max(1, Math.ceil(rate));
	}

	/**
	 * Returns the current rate.
	 * @return permits per second
	 */
	public double getRate() {
		return this.rate;
	}

	/**
	 * Returns the number of calls refused since start.
	 * @return the refused calls
	 */
	public long getRejected() {
		return this.rejected.sum();
	}

	/**
	 * Returns the number of calls in flight through guards that use this throttle (counted in adaptive mode only).
	 * @return calls in flight
	 */
	public int getInFlight() {
		return this.inFlight.get();
	}

	/**
	 * Returns the recent changes of rate, oldest first (bounded by the history size).
	 * @return the changes
	 */
	public List<RateChange> getHistory() {
		synchronized (this.history) {
			return List.copyOf(this.history);
		}
	}

	/**
	 * Returns what the last adaptive step read.
	 * @return the last reading
	 */
	public Reading getLastReading() {
		return this.lastReading;
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public Settings getSettings() {
		return this.settings;
	}

	/**
	 * Returns the Resilience4j rate limiter underneath.
	 * @return the rate limiter
	 */
	public RateLimiter getRateLimiter() {
		return this.rateLimiter;
	}

	/**
	 * Settings of a throttle.
	 *
	 * @param rate initial rate, permits per second
	 * @param adaptive whether the rate adapts to load
	 * @param minRate lowest rate the adaptive loop sets
	 * @param maxRate highest rate the adaptive loop sets
	 * @param targetLatency mean latency above which the rate decreases
	 * @param cpuThreshold process CPU load (0.0 to 1.0) above which the rate decreases
	 * @param errorRateThreshold error rate (0.0 to 1.0) above which the rate decreases
	 * @param decreaseFactor factor the rate is multiplied by on a decrease
	 * @param increaseStep permits per second added on an increase
	 * @param maxWait how long a call waits for a permit
	 * @param historySize number of rate changes kept
	 */
	public record Settings(double rate, boolean adaptive, double minRate, double maxRate, Duration targetLatency,
			double cpuThreshold, double errorRateThreshold, double decreaseFactor, double increaseStep,
			Duration maxWait, int historySize) {

	}

	/**
	 * One change of rate.
	 *
	 * @param timestamp when the rate changed
	 * @param from the rate before
	 * @param to the rate after
	 * @param reason why
	 */
	public record RateChange(Instant timestamp, double from, double to, String reason) {

	}

	/**
	 * What one adaptive step read.
	 *
	 * @param calls calls completed during the interval
	 * @param errorRate share of those that failed
	 * @param meanLatency their mean latency
	 * @param cpuLoad process CPU load, negative when unknown
	 * @param inFlight calls in flight at the time of the step
	 */
	public record Reading(long calls, double errorRate, Duration meanLatency, double cpuLoad, int inFlight) {

	}

}
