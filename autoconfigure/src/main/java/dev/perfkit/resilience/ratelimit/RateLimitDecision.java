package dev.perfkit.resilience.ratelimit;

import java.time.Duration;

import dev.perfkit.resilience.RateLimitExceededException;

/**
 * Outcome of one rate-limit check, with what {@code RateLimit-*} response headers need. When several windows apply,
 * the figures are those of the tightest window.
 *
 * @param allowed whether the call may proceed
 * @param monitored whether the call was over the limit but let through because the limiter only monitors
 * @param plan the name of the client's plan
 * @param limit the limit of the tightest window
 * @param remaining calls left in the tightest window after this one
 * @param retryAfterMillis for a refused call, milliseconds until a call can succeed; otherwise 0
 * @param resetMillis milliseconds until the tightest window has room again
 * @since 0.1.0
 */
public record RateLimitDecision(boolean allowed, boolean monitored, String plan, long limit, long remaining,
		long retryAfterMillis, long resetMillis) {

	/**
	 * Returns the exception that reports this refused call.
	 * @return the exception
	 */
	public RateLimitExceededException toException() {
		return new RateLimitExceededException(this.plan, this.limit, Duration.ofMillis(this.retryAfterMillis),
				Duration.ofMillis(this.resetMillis));
	}

	/**
	 * Returns this decision as a call let through by a monitoring-only limiter.
	 * @return the monitored decision
	 */
	RateLimitDecision asMonitored() {
		return new RateLimitDecision(true, true, this.plan, this.limit, 0, 0, this.resetMillis);
	}

}
