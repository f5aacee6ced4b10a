package dev.perfkit.cache.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link CacheLoadObservationConvention}: {@code perfkit.cache.loader}, contextual name
 * {@code cache load <cache>}, tagged with the cache.
 *
 * @since 0.1.0
 */
public class DefaultCacheLoadObservationConvention implements CacheLoadObservationConvention {

	/** Shared instance. */
	public static final DefaultCacheLoadObservationConvention INSTANCE = new DefaultCacheLoadObservationConvention();

	@Override
	public String getName() {
		return "perfkit.cache.loader";
	}

	@Override
	public String getContextualName(CacheLoadContext context) {
		return "cache load " + context.getCacheName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CacheLoadContext context) {
		return KeyValues.of("cache", context.getCacheName());
	}

}
