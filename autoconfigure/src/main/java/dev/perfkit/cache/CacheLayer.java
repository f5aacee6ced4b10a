package dev.perfkit.cache;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * A shared or persistent layer below the in-memory L1 of a {@link LayeredCache}: it stores opaque, self-describing
 * entry frames by cache name and key. Implementations may throw on any failure; the cache guards every call with a
 * circuit breaker and treats a failure as a miss.
 *
 * @since 0.1.0
 */
public interface CacheLayer {

	/**
	 * Short name of this layer, used in meters and endpoints ({@code redis}, {@code sqlite}).
	 * @return the layer name
	 */
	String name();

	/**
	 * Returns the stored frame of an entry.
	 * @param cache the cache name
	 * @param key the entry key
	 * @return the frame, or {@code null} if the layer holds no live entry for the key
	 */
	byte @Nullable [] get(String cache, String key);

	/**
	 * Stores the frame of an entry until the given instant.
	 * @param cache the cache name
	 * @param key the entry key
	 * @param frame the encoded entry
	 * @param expiresAtMillis when the entry expires in this layer, in epoch milliseconds
	 * @param tags the entry's tags, possibly empty
	 */
	void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags);

	/**
	 * Removes one entry.
	 * @param cache the cache name
	 * @param key the entry key
	 */
	void evict(String cache, String key);

	/**
	 * Removes every entry of a cache.
	 * @param cache the cache name
	 */
	void clear(String cache);

	/**
	 * Removes every entry, of any cache, that carries one of the tags.
	 * @param tags the tags
	 */
	void invalidateTags(Collection<String> tags);

	/**
	 * Checks that the layer answers, throwing if it does not.
	 */
	void ping();

	/**
	 * Whether every instance of the application sees the same layer (Redis) rather than its own (a local file).
	 * Invalidations from other instances are applied to layers that are not shared.
	 * @return whether the layer is shared
	 */
	default boolean isShared() {
		return true;
	}

	/**
	 * Number of entries the layer holds for a cache, or -1 when counting them is too costly.
	 * @param cache the cache name
	 * @return the number of entries or -1
	 */
	default long size(String cache) {
		return -1;
	}

}
