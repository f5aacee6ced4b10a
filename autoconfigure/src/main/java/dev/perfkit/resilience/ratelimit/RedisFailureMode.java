package dev.perfkit.resilience.ratelimit;

/**
 * What a Redis-backed rate limiter does while Redis cannot be reached.
 *
 * @since 0.1.0
 */
public enum RedisFailureMode {

	/** Count in process instead, per instance, until Redis answers again. */
	LOCAL,

	/** Let every call through (fail open). */
	ALLOW,

	/** Refuse every call (fail closed). */
	DENY

}
