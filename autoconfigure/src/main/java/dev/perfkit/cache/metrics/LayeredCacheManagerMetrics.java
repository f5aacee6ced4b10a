package dev.perfkit.cache.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Binds {@link LayeredCacheMetrics} to every cache of one or more {@link LayeredCacheManager}s, including caches
 * created after start-up on first use (Spring Boot's {@code CacheMetricsRegistrar} binds only the caches that exist
 * when it starts). The tags are Spring Boot's — {@code cache.manager}, the manager's bean name without a
 * {@code CacheManager} suffix, and {@code name}, the cache's name — so that both bind the same meters.
 *
 * @since 0.1.0
 */
public class LayeredCacheManagerMetrics implements MeterBinder {

	private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

	private final Map<String, LayeredCacheManager> cacheManagers;

	private final BiFunction<LayeredCache, Iterable<Tag>, MeterBinder> binders;

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
		this(Map.of(cacheManagerName, cacheManager), (cache, tags) -> new LayeredCacheMetrics(cache, tags, health));
	}

	/**
	 * Creates the binder of several managers, with the binder of each cache.
	 * @param cacheManagers the cache managers, by bean name
	 * @param binders the binder of a cache with its tags, such as a {@link LayeredCacheMeterBinderProvider}'s
	 */
	public LayeredCacheManagerMetrics(Map<String, LayeredCacheManager> cacheManagers,
			BiFunction<LayeredCache, Iterable<Tag>, MeterBinder> binders) {
		this.cacheManagers = new LinkedHashMap<>(cacheManagers);
		this.binders = binders;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.cacheManagers.forEach((name, cacheManager) -> {
			Tags tags = Tags.of("cache.manager", cacheManagerTag(name));
			cacheManager.onCacheCreated(
					(cache) -> this.binders.apply(cache, tags.and("name", cache.getName())).bindTo(registry));
		});
	}

	/**
	 * The {@code cache.manager} tag of a cache manager bean, as Spring Boot derives it.
	 * @param beanName the bean name
	 * @return the tag value
	 */
	static String cacheManagerTag(String beanName) {
		if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
				&& beanName.regionMatches(true, beanName.length() - CACHE_MANAGER_SUFFIX.length(), CACHE_MANAGER_SUFFIX,
						0, CACHE_MANAGER_SUFFIX.length())) {
			return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
		}
		return beanName;
	}

}
