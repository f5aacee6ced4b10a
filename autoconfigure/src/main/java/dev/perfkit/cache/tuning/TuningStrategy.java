package dev.perfkit.cache.tuning;

/**
 * How far one tuning step goes.
 *
 * @since 0.1.0
 */
public enum TuningStrategy {

	/** Grow L1 by a quarter per step. */
	CONSERVATIVE,

	/** Grow L1 by half per step. */
	BALANCED,

	/** Double L1 per step. */
	AGGRESSIVE,

	/** Grow L1 by the shortfall of its hit ratio against the target, between a quarter and four times. */
	ADAPTIVE

}
