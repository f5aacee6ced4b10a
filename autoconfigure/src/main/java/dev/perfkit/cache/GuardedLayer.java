package dev.perfkit.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheLayer} behind a Resilience4j circuit breaker: a failing call is a miss (or a skipped write), logged
 * once per incident; while the breaker is open the layer is not called at all, and it is tried again after the
 * recovery interval.
 */
final class GuardedLayer {

	private static final Log logger = LogFactory.getLog(GuardedLayer.class);

	/** What {@link #get} returns when the layer failed or was skipped, told apart from a miss by identity. */
	static final byte[] UNAVAILABLE = new byte[0];

	private final CacheLayer layer;

	private final CircuitBreaker breaker;

	private final AtomicBoolean failing = new AtomicBoolean();

	private final LongAdder failures = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private volatile @Nullable String lastError;

	// an incident ends with a success at least one recovery interval after its last failure, so that a partly
	// failing layer (one master of a cluster down) logs one warning, not one per alternation of failure and success
	private final long quietNanos;

	private volatile long lastFailureNanos;

	GuardedLayer(CacheLayer layer, Duration slowCall, Duration recoveryInterval) {
		this.layer = layer;
		this.quietNanos = recoveryInterval.toNanos();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(20)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.slowCallDurationThreshold(slowCall.plusMillis(1))
			.slowCallRateThreshold(100)
			.waitDurationInOpenState(recoveryInterval)
			.permittedNumberOfCallsInHalfOpenState(3)
			.build();
		this.breaker = CircuitBreaker.of("perfkit-cache-" + layer.name(), config);
		this.breaker.getEventPublisher()
			.onStateTransition((event) -> logger.info("Layered cache layer '" + layer.name() + "': circuit breaker "
					+ event.getStateTransition().getFromState() + " -> " + event.getStateTransition().getToState()));
	}

	String name() {
		return this.layer.name();
	}

	CacheLayer layer() {
		return this.layer;
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	long failures() {
		return this.failures.sum();
	}

	long skipped() {
		return this.skipped.sum();
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * Reads a frame.
	 * @return the frame, {@code null} on a miss, or {@link #UNAVAILABLE} if the layer failed or was skipped
	 */
	byte @Nullable [] get(String cache, String key) {
		if (!this.breaker.tryAcquirePermission()) {
			this.skipped.increment();
			return UNAVAILABLE;
		}
		long start = System.nanoTime();
		try {
			byte[] frame = this.layer.get(cache, key);
			succeeded(start);
			return frame;
		}
		catch (Throwable ex) {
			failed(start, ex);
			return UNAVAILABLE;
		}
	}

	void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		if (!this.breaker.tryAcquirePermission()) {
			this.skipped.increment();
			return;
		}
		long start = System.nanoTime();
		try {
			this.layer.put(cache, key, frame, expiresAtMillis, tags);
			succeeded(start);
		}
		catch (Throwable ex) {
			failed(start, ex);
		}
	}

	void evict(String cache, String key) {
		run(() -> this.layer.evict(cache, key));
	}

	void clear(String cache) {
		run(() -> this.layer.clear(cache));
	}

	void invalidateTags(Collection<String> tags) {
		run(() -> this.layer.invalidateTags(tags));
	}

	long size(String cache) {
		if (!this.breaker.tryAcquirePermission()) {
			return -1;
		}
		long start = System.nanoTime();
		try {
			long size = this.layer.size(cache);
			succeeded(start);
			return size;
		}
		catch (Throwable ex) {
			failed(start, ex);
			return -1;
		}
	}

	/**
	 * Pings the layer, bypassing the breaker's open state so health reflects the layer itself.
	 * @return the failure, or {@code null} if the layer answered
	 */
	@Nullable Throwable ping() {
		try {
			this.layer.ping();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private void run(Runnable operation) {
		if (!this.breaker.tryAcquirePermission()) {
			this.skipped.increment();
			return;
		}
		long start = System.nanoTime();
		try {
			operation.run();
			succeeded(start);
		}
		catch (Throwable ex) {
			failed(start, ex);
		}
	}

	private void succeeded(long start) {
		this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		if (this.failing.get() && System.nanoTime() - this.lastFailureNanos >= this.quietNanos
				&& this.failing.compareAndSet(true, false)) {
			logger.info("Layered cache layer '" + this.layer.name() + "' answers again");
		}
	}

	private void failed(long start, Throwable ex) {
		this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
		this.failures.increment();
		this.lastError = ex.toString();
		this.lastFailureNanos = System.nanoTime();
		if (!this.failing.get() && this.failing.compareAndSet(false, true)) {
			logger.warn("Layered cache layer '" + this.layer.name() + "' failed; it is skipped until it recovers: " + ex);
		}
	}

}
