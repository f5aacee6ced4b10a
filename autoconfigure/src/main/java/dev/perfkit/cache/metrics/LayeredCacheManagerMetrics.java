package dev.perfkit.cache.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.perfkit.cache.LayeredCache;
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

	private final ToDoubleFunction<LayeredCache> health;

	/**
	 * Creates the binder; {@code perfkit.cache.health} is the share of each cache's layers that are available.
	 * @param cacheManager the cache manager
	 * @param cacheManagerName the bean name of the cache manager, the {@code cache.manager} tag
	 */
	public LayeredCacheManagerMetrics(LayeredCacheManager cacheManager, String cacheManagerName) {
		this(cacheManager, cacheManagerName, LayeredCache::getHealthScore);
	}

	/**
	 * Creates the binder with the source of {@code perfkit.cache.health}.
	 * @param cacheManager the cache manager
	 * @param cacheManagerName the bean name of the cache manager, the {@code cache.manager} tag
	 * @param health the health score of a cache, 0 to 100
	 */
	public LayeredCacheManagerMetrics(LayeredCacheManager cacheManager, String cacheManagerName,
			ToDoubleFunction<LayeredCache> health) {
		this.cacheManager = cacheManager;
		this.cacheManagerName = cacheManagerName;
		this.health = health;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("cache.manager", this.cacheManagerName);
		this.cacheManager.onCacheCreated((cache) -> new LayeredCacheMetrics(cache, tags, this.health).bindTo(registry));
	}

}
