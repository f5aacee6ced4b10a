package dev.perfkit.monitor;

/**
 * Whether an alert is still firing or has been resolved.
 *
 * @since 0.1.0
 */
public enum AlertStatus {

	/**
	 * The rule's condition holds.
	 */
	FIRING,

	/**
	 * The rule's condition has cleared.
	 */
	RESOLVED

}
