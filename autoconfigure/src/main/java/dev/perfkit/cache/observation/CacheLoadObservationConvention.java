package dev.perfkit.cache.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for cache loads; a bean of this type replaces
 * {@link DefaultCacheLoadObservationConvention}.
 *
 * @since 0.1.0
 */
public interface CacheLoadObservationConvention extends ObservationConvention<CacheLoadContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CacheLoadContext;
	}

}
