package dev.perfkit.profiler.request;

import java.time.Duration;

/**
 * Settings of {@link RequestProfiles}.
 *
 * @param slowThreshold wall time at or above which a request is kept with its details
 * @param keptSize number of slow requests kept (the most recent ones); 0 keeps none
 * @param maxRoutes number of routes aggregated separately; requests of further routes are aggregated as
 * {@code other}
 * @param maxStatements number of statements, and of cache events and guarded calls, kept per request
 * @param maxRouteStatements number of distinct statements aggregated per route
 * @since 0.1.0
 */
public record RequestProfileSettings(Duration slowThreshold, int keptSize, int maxRoutes, int maxStatements,
		int maxRouteStatements) {

	/**
	 * Defaults: 500 ms, 50 kept, 100 routes, 200 statements per request, 50 per route.
	 * @return the default settings
	 */
	public static RequestProfileSettings defaults() {
		return new RequestProfileSettings(Duration.ofMillis(500), 50, 100, 200, 50);
	}

	/**
	 * A copy with another slow threshold.
	 * @param threshold the threshold
	 * @return the settings
	 */
	public RequestProfileSettings withSlowThreshold(Duration threshold) {
		return new RequestProfileSettings(threshold, this.keptSize, this.maxRoutes, this.maxStatements,
				this.maxRouteStatements);
	}

}
