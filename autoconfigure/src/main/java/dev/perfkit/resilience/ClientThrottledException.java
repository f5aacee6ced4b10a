package dev.perfkit.resilience;

/**
 * Thrown when client-side throttling (Google SRE's adaptive throttling) refuses a call locally because the service
 * behind a guard has recently been refusing or failing too many calls.
 *
 * @since 0.1.0
 */
public class ClientThrottledException extends PerfkitProtectionException {

	private static final long serialVersionUID = 1L;

	private final double rejectionProbability;

	/**
	 * Creates an exception.
	 * @param guard the guard whose downstream is protected
	 * @param rejectionProbability the probability with which calls were being refused
	 */
	public ClientThrottledException(String guard, double rejectionProbability) {
		super(String.format("Client-side throttling of '%s' refused the call (rejecting %.0f%% of calls)", guard,
				rejectionProbability * 100));
		this.rejectionProbability = rejectionProbability;
	}

	/**
	 * Returns the probability with which calls were being refused.
	 * @return the rejection probability, from 0.0 to 1.0
	 */
	public double getRejectionProbability() {
		return this.rejectionProbability;
	}

}
