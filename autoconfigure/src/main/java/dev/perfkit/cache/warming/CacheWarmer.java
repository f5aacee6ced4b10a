package dev.perfkit.cache.warming;

import dev.perfkit.cache.LayeredCacheManager;

/**
 * Fills caches ahead of demand, for example by preloading common queries; run on the warming schedule.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CacheWarmer {

	/**
	 * Warms caches.
	 * @param cacheManager the cache manager
	 * @throws Exception if warming fails; other warmers still run
	 */
	void warm(LayeredCacheManager cacheManager) throws Exception;

}
