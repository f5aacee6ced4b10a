package dev.perfkit.resilience;

import java.time.Duration;

/**
 * Thrown when the global throttle had no permit for a call within its maximum wait.
 *
 * @since 0.1.0
 */
public class ThrottledException extends PerfkitProtectionException {

	private static final long serialVersionUID = 1L;

	private final double rate;

	private final Duration maxWait;

	/**
	 * Creates an exception for a call the throttle refused.
	 * @param rate the rate, in permits per second, in force when the call was refused
	 * @param maxWait how long the call waited for a permit
	 */
	public ThrottledException(double rate, Duration maxWait) {
		super("Throttled: no permit within " + maxWait.toMillis() + "ms at " + rate + " calls per second");
		this.rate = rate;
		this.maxWait = maxWait;
	}

	/**
	 * Returns the rate in force when the call was refused.
	 * @return the rate in permits per second
	 */
	public double getRate() {
		return this.rate;
	}

	/**
	 * Returns how long the call waited for a permit.
	 * @return the maximum wait
	 */
	public Duration getMaxWait() {
		return this.maxWait;
	}

}
