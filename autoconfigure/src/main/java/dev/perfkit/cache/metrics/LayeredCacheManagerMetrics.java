package dev.perfkit.cache.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.perfkit.cache.LayeredCacheManager;

/**
 * Binds {@link LayeredCacheMetrics} to every cache of a {@link LayeredCacheManager}, including caches created after
 * start-up on first use.
 *
 * @since 0.1.0
 */
public class LayeredCacheManagerMetrics implements MeterBinder {

	private final LayeredCacheManager cacheManager;

	private final String cacheManagerName;

	/**
	 * Creates the binder.
	 * @param cacheManager the cache manager
	 * @param cacheManagerName the bean name of the cache manager, the {@code cache.manager} tag
	 */
	public LayeredCacheManagerMetrics(LayeredCacheManager cacheManager, String cacheManagerName) {
		this.cacheManager = cacheManager;
		this.cacheManagerName = cacheManagerName;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("cache.manager", this.cacheManagerName);
		this.cacheManager.onCacheCreated((cache) -> new LayeredCacheMetrics(cache, tags).bindTo(registry));
	}

}
