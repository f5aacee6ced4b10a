package dev.perfkit.resilience;

import java.time.Duration;

/**
 * Thrown when a client has used up its limit in one of its windows. Carries what an HTTP {@code 429} answer needs:
 * how long to wait before the next call can succeed, the limit and the time until the window resets.
 *
 * @since 0.1.0
 */
public class RateLimitExceededException extends PerfkitProtectionException {

	private static final long serialVersionUID = 1L;

	private final String plan;

	private final long limit;

	private final Duration retryAfter;

	private final Duration reset;

	/**
	 * Creates an exception for a call over a client's limit.
	 * @param plan the name of the plan the client is on
	 * @param limit the limit of the window that refused the call
	 * @param retryAfter how long the client should wait before calling again
	 * @param reset time until the window that refused the call has room again
	 */
	public RateLimitExceededException(String plan, long limit, Duration retryAfter, Duration reset) {
		super("Rate limit of plan '" + plan + "' exceeded: limit " + limit + ", retry after "
				+ retryAfter.toMillis() + "ms");
		this.plan = plan;
		this.limit = limit;
		this.retryAfter = retryAfter;
		this.reset = reset;
	}

	/**
	 * Returns the name of the plan the client is on.
	 * @return the plan name
	 */
	public String getPlan() {
		return this.plan;
	}

	/**
	 * Returns the limit of the window that refused the call.
	 * @return the limit
	 */
	public long getLimit() {
		return this.limit;
	}

	/**
	 * Returns how long the client should wait before calling again.
	 * @return the wait, never negative
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Returns the time until the window that refused the call has room again.
	 * @return the time until reset
	 */
	public Duration getReset() {
		return this.reset;
	}

}
