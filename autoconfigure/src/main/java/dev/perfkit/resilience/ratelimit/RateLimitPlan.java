package dev.perfkit.resilience.ratelimit;

import java.util.List;

import org.springframework.util.Assert;

/**
 * A named set of windows that all apply to a client at once, for example 10 per second and 1,000 per hour. A call
 * is allowed only when every window has room, and then counts in every window.
 *
 * @param name the plan name: {@code default} or the client pattern that selects it; used as a meter tag
 * @param windows the windows, at least one
 * @since 0.1.0
 */
public record RateLimitPlan(String name, List<RateLimitWindow> windows) {

	/** Name of the plan that applies to clients no pattern matches. */
	public static final String DEFAULT = "default";

	/**
	 * Validates the plan.
	 * @param name the plan name
	 * @param windows the windows, at least one
	 */
	public RateLimitPlan {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notEmpty(windows, "'windows' must not be empty");
		windows = List.copyOf(windows);
	}

}
