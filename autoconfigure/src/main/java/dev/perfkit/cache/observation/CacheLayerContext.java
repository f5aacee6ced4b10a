package dev.perfkit.cache.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of the observation of one call to a lower layer (L2 Redis, L3 SQLite): a read or a write.
 *
 * @since 0.1.0
 */
public class CacheLayerContext extends Observation.Context {

	private final String layer;

	private final String operation;

	private final @Nullable String cacheName;

	/**
	 * Create a context.
	 * @param layer the layer ({@code redis}, {@code sqlite})
	 * @param operation {@code read} or {@code write}
	 * @param cacheName the cache, {@code null} for a write that spans every cache (a tag invalidation)
	 */
	public CacheLayerContext(String layer, String operation, @Nullable String cacheName) {
		this.layer = layer;
		this.operation = operation;
		this.cacheName = cacheName;
	}

	/** @return the layer */
	public String getLayer() {
		return this.layer;
	}

	/** @return {@code read} or {@code write} */
	public String getOperation() {
		return this.operation;
	}

	/** @return the cache, or {@code null} for a write that spans every cache */
	public @Nullable String getCacheName() {
		return this.cacheName;
	}

}
