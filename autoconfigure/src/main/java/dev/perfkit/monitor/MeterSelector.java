package dev.perfkit.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Tag;
import org.springframework.util.Assert;

/**
 * Selects the meters of one name whose tags include the given ones, written {@code name} or
 * {@code name{key=value,...}}.
 *
 * @param name the Micrometer meter name, dot-separated, such as {@code jvm.memory.used}
 * @param tags tags the meters must carry, in order
 * @since 0.1.0
 */
public record MeterSelector(String name, Map<String, String> tags) {

	/**
	 * Creates a selector.
	 * @param name the meter name
	 * @param tags tags the meters must carry
	 */
	public MeterSelector {
		Assert.hasText(name, "'name' must not be empty");
		tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
	}

	/**
	 * Reads a selector written {@code name} or {@code name{key=value,...}}.
	 * @param text the selector
	 * @return the selector
	 * @throws IllegalArgumentException when the text is not a selector
	 */
	public static MeterSelector parse(String text) {
		String trimmed = text.trim();
		int brace = trimmed.indexOf('{');
		if (brace < 0) {
			return new MeterSelector(trimmed, Map.of());
		}
		if (!trimmed.endsWith("}") || brace == 0) {
			throw new IllegalArgumentException("'" + text + "' is not a meter selector such as name{key=value}");
		}
		Map<String, String> tags = new LinkedHashMap<>();
		String body = trimmed.substring(brace + 1, trimmed.length() - 1);
		for (String pair : body.split(",")) {
			if (pair.isBlank()) {
				continue;
			}
			int equals = pair.indexOf('=');
			if (equals <= 0 || equals == pair.length() - 1) {
				throw new IllegalArgumentException("'" + text + "' is not a meter selector such as name{key=value}");
			}
			tags.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
		}
		return new MeterSelector(trimmed.substring(0, brace).trim(), tags);
	}

	List<Tag> micrometerTags() {
		List<Tag> result = new ArrayList<>(this.tags.size());
		this.tags.forEach((key, value) -> result.add(Tag.of(key, value)));
		return result;
	}

	@Override
	public String toString() {
		if (this.tags.isEmpty()) {
			return this.name;
		}
		StringBuilder text = new StringBuilder(this.name).append('{');
		this.tags.forEach((key, value) -> text.append(key).append('=').append(value).append(','));
		text.setCharAt(text.length() - 1, '}');
		return text.toString();
	}

}
