package dev.perfkit.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns an invalid {@code perfkit.*} property into a start-up report that names the property, the rejected value,
 * what is wrong with it and what to set instead. Runs before Spring Boot's generic binding analyzers and leaves
 * every other prefix to them.
 *
 * @since 0.1.0
 */
public final class InvalidPerfkitPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException>
		implements Ordered {

	private static final String PREFIX = "perfkit";

	private static final String REFERENCE = "See Perfkit's property reference, docs/properties.md.";

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = cause.getName().toString();
		if (!name.equals(PREFIX) && !name.startsWith(PREFIX + ".")) {
			return null;
		}
		BindValidationException validation = findCause(cause, BindValidationException.class);
		if (validation != null) {
			return validationFailure(validation.getValidationErrors().getAllErrors(), cause);
		}
		return conversionFailure(cause);
	}

	private FailureAnalysis validationFailure(List<ObjectError> errors, BindException cause) {
		StringBuilder description = new StringBuilder("Invalid Perfkit configuration:");
		StringBuilder action = new StringBuilder();
		for (ObjectError error : errors) {
			String reason = error.getDefaultMessage();
			if (error instanceof FieldError field) {
				String property = field.getObjectName() + "." + kebabCase(field.getField());
				description.append(String.format("%n  property '%s' = '%s': %s%s", property, field.getRejectedValue(),
						reason, originOf(field)));
				action.append(String.format("Set '%s' to a value that %s.%n", property, expectation(reason)));
			}
			else {
				description.append(String.format("%n  '%s': %s", error.getObjectName(), reason));
				action.append(String.format("Fix the properties under '%s': %s.%n", error.getObjectName(), reason));
			}
		}
		action.append(REFERENCE);
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private FailureAnalysis conversionFailure(BindException cause) {
		String property = cause.getName().toString();
		ConfigurationProperty bound = cause.getProperty();
		Object value = (bound != null) ? bound.getValue() : null;
		String description = String.format("Invalid Perfkit configuration:%n  property '%s' = '%s' cannot be read as %s%s",
				property, value, cause.getTarget().getType(), (bound != null) ? originOf(bound.getOrigin()) : "");
		String action = String.format("Set '%s' to %s.%n%s", property, expectedForm(cause), REFERENCE);
		return new FailureAnalysis(description, action, cause);
	}

	private String expectedForm(BindException cause) {
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
		if (conversion != null && conversion.getTargetType().getType().isEnum()) {
			type = conversion.getTargetType().getType();
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == java.time.Duration.class) {
			return "a duration such as 500ms, 30s or 1h";
		}
		if (type.getName().equals("org.springframework.util.unit.DataSize")) {
			return "a size such as 512KB or 64MB";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a number";
		}
		return "a value of type " + type.getSimpleName();
	}

	private static String kebabCase(String path) {
		StringBuilder kebab = new StringBuilder(path.length() + 8);
		int brackets = 0;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			brackets += (c == '[') ? 1 : (c == ']') ? -1 : 0;
			// a map key or index is the user's own text: kept as written
			if (brackets == 0 && Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString();
	}

	private static String expectation(@Nullable String reason) {
		if (reason == null) {
			return "is valid";
		}
		if (reason.startsWith("must not be ")) {
			return "is not " + reason.substring("must not be ".length());
		}
		if (reason.startsWith("must be ")) {
			return "is " + reason.substring("must be ".length());
		}
		return "meets this rule: " + reason;
	}

	private static String originOf(Object source) {
		Origin origin = Origin.from(source);
		return (origin != null) ? " (from " + origin + ")" : "";
	}

}
