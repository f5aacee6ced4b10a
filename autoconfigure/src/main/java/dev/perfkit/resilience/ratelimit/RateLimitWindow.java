package dev.perfkit.resilience.ratelimit;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * One window of a rate-limit plan: at most {@code limit} calls in any {@code window}-long stretch of time.
 *
 * @param limit the number of calls allowed per window
 * @param window the length of the window
 * @since 0.1.0
 */
public record RateLimitWindow(long limit, Duration window) {

	/**
	 * Validates the window.
	 * @param limit the number of calls allowed per window, at least 1
	 * @param window the length of the window, at least one millisecond
	 */
	public RateLimitWindow {
		Assert.isTrue(limit >= 1, "'limit' must be at least 1");
		Assert.isTrue(window.toMillis() >= 1, "'window' must be at least 1ms");
	}

}
