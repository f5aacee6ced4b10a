package dev.perfkit.monitor;

/**
 * How a rule compares the measured value with its threshold.
 *
 * @since 0.1.0
 */
public enum AlertCondition {

	/**
	 * Fires when the value is greater than the threshold.
	 */
	GREATER_THAN(">"),

	/**
	 * Fires when the value is greater than or equal to the threshold.
	 */
	GREATER_THAN_OR_EQUAL(">="),

	/**
	 * Fires when the value is less than the threshold.
	 */
	LESS_THAN("<"),

	/**
	 * Fires when the value is less than or equal to the threshold.
	 */
	LESS_THAN_OR_EQUAL("<="),

	/**
	 * Fires when the value equals the threshold.
	 */
	EQUAL("=="),

	/**
	 * Fires when the value differs from the threshold.
	 */
	NOT_EQUAL("!=");

	private final String symbol;

	AlertCondition(String symbol) {
		this.symbol = symbol;
	}

	/**
	 * Returns the operator, such as {@code >}, used in messages.
	 * @return the operator
	 */
	public String symbol() {
		return this.symbol;
	}

	/**
	 * Whether the value breaches the threshold.
	 * @param value the measured value
	 * @param threshold the rule's threshold
	 * @return whether the rule's condition holds
	 */
	public boolean test(double value, double threshold) {
		return switch (this) {
			case GREATER_THAN -> value > threshold;
			case GREATER_THAN_OR_EQUAL -> value >= threshold;
			case LESS_THAN -> value < threshold;
			case LESS_THAN_OR_EQUAL -> value <= threshold;
			case EQUAL -> Double.compare(value, threshold) == 0;
			case NOT_EQUAL -> Double.compare(value, threshold) != 0;
		};
	}

}
