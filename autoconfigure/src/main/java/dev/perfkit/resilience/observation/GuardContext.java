package dev.perfkit.resilience.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the observation of one call through a guard, refused or not.
 *
 * @since 0.1.0
 */
public class GuardContext extends Observation.Context {

	private final String guardName;

	/**
	 * Create a context.
	 * @param guardName the guard
	 */
	public GuardContext(String guardName) {
		this.guardName = guardName;
	}

	/** @return the guard */
	public String getGuardName() {
		return this.guardName;
	}

}
