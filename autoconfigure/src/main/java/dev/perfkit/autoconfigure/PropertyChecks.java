package dev.perfkit.autoconfigure;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;

/**
 * Range and presence checks for Perfkit's {@code @ConfigurationProperties} classes, which validate themselves (they
 * implement Spring's {@link org.springframework.validation.Validator}, which Spring Boot applies when binding): the
 * starter brings no Bean Validation provider, so constraint annotations would go unchecked in most applications.
 * Each check rejects the field under its property path ({@code memory.maximumSize}, {@code specs[name].ttl}) with a
 * message in Bean Validation's wording, which {@link InvalidPerfkitPropertyFailureAnalyzer} turns into the fix.
 * A {@code null} number is unset and passes.
 *
 * @since 0.1.0
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/**
	 * Rejects a {@code null} value.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 */
	public static void requireNotNull(Errors errors, String field, @Nullable Object value) {
		if (value == null) {
			errors.rejectValue(field, "NotNull", "must not be null");
		}
	}

	/**
	 * Rejects a whole number below {@code minimum}.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value, {@code null} when unset
	 * @param minimum the smallest value allowed
	 */
	public static void requireAtLeast(Errors errors, String field, @Nullable Number value, long minimum) {
		if (value != null && value.longValue() < minimum) {
			errors.rejectValue(field, "Min", "must be greater than or equal to " + minimum);
		}
	}

	/**
	 * Rejects a whole number outside {@code [minimum, maximum]}.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value, {@code null} when unset
	 * @param minimum the smallest value allowed
	 * @param maximum the largest value allowed
	 */
	public static void requireRange(Errors errors, String field, @Nullable Number value, long minimum, long maximum) {
		if (value != null && (value.longValue() < minimum || value.longValue() > maximum)) {
			errors.rejectValue(field, "Range", "must be between " + minimum + " and " + maximum);
		}
	}

	/**
	 * Rejects a decimal number outside {@code [minimum, maximum]}, and one that is not a number.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value, {@code null} when unset
	 * @param minimum the smallest value allowed
	 * @param maximum the largest value allowed
	 */
	public static void requireDecimalRange(Errors errors, String field, @Nullable Double value, double minimum,
			double maximum) {
		if (value != null && !(value >= minimum && value <= maximum)) {
			errors.rejectValue(field, "Range", "must be between " + text(minimum) + " and " + text(maximum));
		}
	}

	/**
	 * Rejects a decimal number that is not above {@code bound}, and one that is not a number.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 * @param bound the value it must exceed
	 */
	public static void requireDecimalAbove(Errors errors, String field, double value, double bound) {
		if (!(value > bound) || Double.isInfinite(value)) {
			errors.rejectValue(field, "DecimalMin", "must be greater than " + text(bound));
		}
	}

	/**
	 * Rejects a decimal number outside the open interval {@code (lower, upper)}.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 * @param lower the value it must exceed
	 * @param upper the value it must stay below
	 */
	public static void requireDecimalBetweenExclusive(Errors errors, String field, double value, double lower,
			double upper) {
		if (!(value > lower && value < upper)) {
			errors.rejectValue(field, "Range",
					"must be greater than " + text(lower) + " and less than " + text(upper));
		}
	}

	/**
	 * Rejects a {@code null}, empty or whitespace-only text.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 */
	public static void requireNotBlank(Errors errors, String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			errors.rejectValue(field, "NotBlank", "must not be blank");
		}
	}

	/**
	 * Rejects a {@code null} or empty text.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 */
	public static void requireNotEmpty(Errors errors, String field, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			errors.rejectValue(field, "NotEmpty", "must not be empty");
		}
	}

	/**
	 * Rejects a {@code null} or empty collection.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 */
	public static void requireNotEmpty(Errors errors, String field, @Nullable Collection<?> value) {
		if (value == null || value.isEmpty()) {
			errors.rejectValue(field, "NotEmpty", "must not be empty");
		}
	}

	/**
	 * Rejects a text that does not match {@code pattern} as a whole; {@code null} passes.
	 * @param errors the errors of the properties object
	 * @param field the field path
	 * @param value the value
	 * @param pattern the pattern
	 * @param message what the value must be, such as "must be an HTTP header name"
	 */
	public static void requireMatch(Errors errors, String field, @Nullable String value, Pattern pattern,
			String message) {
		if (value != null && !pattern.matcher(value).matches()) {
			errors.rejectValue(field, "Pattern", message);
		}
	}

	private static String text(double value) {
		return BigDecimal.valueOf(value).toPlainString();
	}

}
