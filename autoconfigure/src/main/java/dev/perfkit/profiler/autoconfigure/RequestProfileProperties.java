package dev.perfkit.profiler.autoconfigure;

import java.time.Duration;

import dev.perfkit.autoconfigure.PropertyChecks;
import dev.perfkit.profiler.request.RequestProfileSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of request profiles.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.profiler.requests")
public class RequestProfileProperties implements Validator {

	/** Whether to profile where the time of each request goes (SQL, cache loads, guarded calls, the rest). */
	private boolean enabled = true;

	/** Wall time at or above which a request is kept with its statements, cache events and guarded calls. */
	private Duration slowThreshold = Duration.ofMillis(500);

	/** Number of slow requests kept, the most recent ones; 0 keeps none. */
	private int keptSize = 50;

	/** Number of routes aggregated separately; requests of further routes are aggregated under 'other'. */
	private int maxRoutes = 100;

	/** Number of statements, cache events and guarded calls recorded per request for a kept request. */
	private int maxStatements = 200;

	/** Number of distinct statements aggregated per route for its top statements. */
	private int maxRouteStatements = 50;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSlowThreshold() {
		return this.slowThreshold;
	}

	public void setSlowThreshold(Duration slowThreshold) {
		this.slowThreshold = slowThreshold;
	}

	public int getKeptSize() {
		return this.keptSize;
	}

	public void setKeptSize(int keptSize) {
		this.keptSize = keptSize;
	}

	public int getMaxRoutes() {
		return this.maxRoutes;
	}

	public void setMaxRoutes(int maxRoutes) {
		this.maxRoutes = maxRoutes;
	}

	public int getMaxStatements() {
		return this.maxStatements;
	}

	public void setMaxStatements(int maxStatements) {
		this.maxStatements = maxStatements;
	}

	public int getMaxRouteStatements() {
		return this.maxRouteStatements;
	}

	public void setMaxRouteStatements(int maxRouteStatements) {
		this.maxRouteStatements = maxRouteStatements;
	}

	@Override
	public boolean supports(Class<?> type) {
		return RequestProfileProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		RequestProfileProperties properties = (RequestProfileProperties) target;
		PropertyChecks.requireRange(errors, "keptSize", properties.keptSize, 0, 10_000);
		PropertyChecks.requireRange(errors, "maxRoutes", properties.maxRoutes, 1, 10_000);
		PropertyChecks.requireRange(errors, "maxStatements", properties.maxStatements, 0, 100_000);
		PropertyChecks.requireRange(errors, "maxRouteStatements", properties.maxRouteStatements, 1, 10_000);
		if (properties.slowThreshold == null || properties.slowThreshold.isNegative()) {
			errors.rejectValue("slowThreshold", "negative",
					"must be 0 (every request is kept) or a positive duration such as 500ms");
		}
	}

	RequestProfileSettings toSettings() {
		return new RequestProfileSettings(this.slowThreshold, this.keptSize, this.maxRoutes, this.maxStatements,
				this.maxRouteStatements);
	}

}
