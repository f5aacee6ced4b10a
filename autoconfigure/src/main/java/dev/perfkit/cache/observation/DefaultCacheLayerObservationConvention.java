package dev.perfkit.cache.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Default {@link CacheLayerObservationConvention}: {@code perfkit.cache.layer}, contextual name
 * {@code <layer> <operation>} ({@code redis read}), tagged with the layer, the operation and the cache (a bounded
 * name, as on the cache meters); {@code none} for a write that spans every cache (a tag invalidation).
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
		String cache = context.getCacheName();
		return KeyValues.of("cache", (cache != null) ? cache : KeyValue.NONE_VALUE, "layer", context.getLayer(),
				"operation", context.getOperation());
	}

}
