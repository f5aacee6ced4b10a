package dev.perfkit.resilience.guard;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one guard applies. Circuit breakers, bulkheads and retries are named Resilience4j instances, configured under
 * {@code resilience4j.*} (an unknown name gets Resilience4j's defaults).
 *
 * @param circuitBreaker name of the Resilience4j circuit breaker, or {@code null} for none
 * @param throttle whether to apply the global throttle
 * @param rateLimit whether to apply the per-client rate limit
 * @param bulkhead name of the Resilience4j bulkhead, or {@code null} for none
 * @param timeout time limit of a call, or {@code null} for none
 * @param retry name of the Resilience4j retry, or {@code null} for none
 * @param clientSideThrottleK K of Google SRE client-side throttling, or 0 for none
 * @param clientSideThrottleWindow window over which client-side throttling counts calls
 * @since 0.1.0
 */
public record GuardSpec(@Nullable String circuitBreaker, boolean throttle, boolean rateLimit,
		@Nullable String bulkhead, @Nullable Duration timeout, @Nullable String retry, double clientSideThrottleK,
		Duration clientSideThrottleWindow) {

	/**
	 * Creates a spec without client-side throttling.
	 * @param circuitBreaker name of the Resilience4j circuit breaker, or {@code null} for none
	 * @param throttle whether to apply the global throttle
	 * @param rateLimit whether to apply the per-client rate limit
	 * @param bulkhead name of the Resilience4j bulkhead, or {@code null} for none
	 * @param timeout time limit of a call, or {@code null} for none
	 * @param retry name of the Resilience4j retry, or {@code null} for none
	 */
	public GuardSpec(@Nullable String circuitBreaker, boolean throttle, boolean rateLimit, @Nullable String bulkhead,
			@Nullable Duration timeout, @Nullable String retry) {
		this(circuitBreaker, throttle, rateLimit, bulkhead, timeout, retry, 0, Duration.ofMinutes(2));
	}

}
