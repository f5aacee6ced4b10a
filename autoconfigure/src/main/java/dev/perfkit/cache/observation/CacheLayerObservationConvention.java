package dev.perfkit.cache.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for lower-layer calls; a bean of this type replaces
 * {@link DefaultCacheLayerObservationConvention}.
 *
 * @since 0.1.0
 */
public interface CacheLayerObservationConvention extends ObservationConvention<CacheLayerContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CacheLayerContext;
	}

}
