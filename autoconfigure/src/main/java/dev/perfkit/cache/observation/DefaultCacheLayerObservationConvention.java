package dev.perfkit.cache.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link CacheLayerObservationConvention}: {@code perfkit.cache.layer}, contextual name
 * {@code <layer> <operation>} ({@code redis read}), tagged with the layer and the operation; the cache is a span tag
 * of reads only: writes are observed below the journal and breaker, where the cache is not known.
 *
 * @since 0.1.0
 */
public class DefaultCacheLayerObservationConvention implements CacheLayerObservationConvention {

	/** Shared instance. */
	public static final DefaultCacheLayerObservationConvention INSTANCE = new DefaultCacheLayerObservationConvention();

	@Override
	public String getName() {
		return "perfkit.cache.layer";
	}

	@Override
	public String getContextualName(CacheLayerContext context) {
		return context.getLayer() + " " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CacheLayerContext context) {
		return KeyValues.of("layer", context.getLayer(), "operation", context.getOperation());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(CacheLayerContext context) {
		String cache = context.getCacheName();
		return (cache != null) ? KeyValues.of("cache", cache) : KeyValues.empty();
	}

}
