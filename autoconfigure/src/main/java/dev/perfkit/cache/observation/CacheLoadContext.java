package dev.perfkit.cache.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the observation of one loader call: a miss in every layer, or an early refresh.
 *
 * @since 0.1.0
 */
public class CacheLoadContext extends Observation.Context {

	private final String cacheName;

	/**
	 * Create a context.
	 * @param cacheName the cache
	 */
	public CacheLoadContext(String cacheName) {
		this.cacheName = cacheName;
	}

	/** @return the cache */
	public String getCacheName() {
		return this.cacheName;
	}

}
