package dev.perfkit.cache.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

import dev.perfkit.cache.LayeredCache;

/**
 * {@link CacheMeterBinderProvider} for {@link LayeredCache}s: with it Spring Boot's {@code CacheMetricsRegistrar}
 * binds {@link LayeredCacheMetrics} to every layered cache of every cache manager, as it binds Caffeine's or Redis's.
 *
 * @since 0.1.0
 */
public class LayeredCacheMeterBinderProvider implements CacheMeterBinderProvider<LayeredCache> {

	private final ToDoubleFunction<LayeredCache> health;

	/**
	 * Creates the provider; {@code perfkit.cache.health} is the share of each cache's layers that are available.
	 */
	public LayeredCacheMeterBinderProvider() {
		this(LayeredCache::getHealthScore);
	}

	/**
	 * Creates the provider with the source of {@code perfkit.cache.health}.
	 * @param health the health score of a cache, 0 to 100
	 */
	public LayeredCacheMeterBinderProvider(ToDoubleFunction<LayeredCache> health) {
		this.health = health;
	}

	@Override
	public MeterBinder getMeterBinder(LayeredCache cache, Iterable<Tag> tags) {
		return new LayeredCacheMetrics(cache, tags, this.health);
	}

}
