package dev.perfkit.monitor;

/**
 * Severity of an alert.
 *
 * @since 0.1.0
 */
public enum AlertLevel {

	/**
	 * Worth knowing, no action needed.
	 */
	INFO,

	/**
	 * Degraded: someone should look soon.
	 */
	WARNING,

	/**
	 * Broken or about to break: act now.
	 */
	CRITICAL

}
