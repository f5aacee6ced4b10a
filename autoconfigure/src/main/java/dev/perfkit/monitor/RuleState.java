package dev.perfkit.monitor;

/**
 * Outcome of the last evaluation of a rule.
 *
 * @since 0.1.0
 */
public enum RuleState {

	/**
	 * Not evaluated yet.
	 */
	NOT_EVALUATED,

	/**
	 * The condition does not hold.
	 */
	OK,

	/**
	 * The condition holds, but not yet for the rule's pending period.
	 */
	PENDING,

	/**
	 * The condition holds and the rule's alert is active.
	 */
	FIRING,

	/**
	 * The condition holds but the rule fired less than its cooldown ago, so no alert was raised.
	 */
	SUPPRESSED,

	/**
	 * No meter matches the rule (yet), or it has no value for the statistic: the rule is not evaluated.
	 */
	NO_DATA

}
