package dev.perfkit.cache;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
	 * Stores the frame of an entry loaded after a miss, only if the layer still holds what that miss read for the key
	 * (nothing, or the same {@linkplain #isTombstone tombstone}): a fill never overwrites a write or an eviction that
	 * happened after the miss. A layer without tombstones may store unconditionally (the default).
	 * @param cache the cache name
	 * @param key the entry key
	 * @param frame the encoded entry
	 * @param expiresAtMillis when the entry expires in this layer, in epoch milliseconds
	 * @param tags the entry's tags, possibly empty
	 * @param missed what the miss read: {@code null} for nothing (or unknown), else the tombstone it read
	 * @return whether the frame was stored
	 */
	default boolean fill(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags,
			byte @Nullable [] missed) {
		put(cache, key, frame, expiresAtMillis, tags);
		return true;
	}

	/**
	 * Stores the frame of an entry only if the layer holds no live entry for the key, as one atomic step with respect
	 * to every other write to the layer. A {@linkplain #isTombstone tombstone} is no entry: an evicted key is absent,
	 * and a value stored over its tombstone still stops the fills that missed before (they find neither nothing nor
	 * their tombstone). The default reads then writes, which is not atomic; layers override it.
	 * @param cache the cache name
	 * @param key the entry key
	 * @param frame the encoded entry
	 * @param expiresAtMillis when the entry expires in this layer, in epoch milliseconds
	 * @param tags the entry's tags, possibly empty
	 * @return {@code null} if the frame was stored, else the frame of the live entry the layer holds
	 */
	default byte @Nullable [] putIfAbsent(String cache, String key, byte[] frame, long expiresAtMillis,
			String[] tags) {
		byte[] current = get(cache, key);
		if (current != null) {
			return current;
		}
		put(cache, key, frame, expiresAtMillis, tags);
		return null;
	}

	/**
	 * Reads like {@link #read} without blocking the caller: the future completes with what {@link #read} would
	 * return, or exceptionally. By default {@link #read} runs on the given executor; a layer with a non-blocking client
	 * answers on the client's own threads instead, which the caller never blocks.
	 * @param cache the cache name
	 * @param key the entry key
	 * @param executor where blocking work may run
	 * @return the frame or tombstone, or {@code null}, when the layer answers
	 */
	default CompletableFuture<byte @Nullable []> readAsync(String cache, String key, Executor executor) {
		return CompletableFuture.supplyAsync(() -> read(cache, key), executor);
	}

	/**
	 * Reads what the layer holds for a key, a {@linkplain #isTombstone tombstone} included: what a later
	 * {@link #fill} must still find there. By default the same as {@link #get}.
	 * @param cache the cache name
	 * @param key the entry key
	 * @return the frame or tombstone, or {@code null}
	 */
	default byte @Nullable [] read(String cache, String key) {
		return get(cache, key);
	}

	/**
	 * Whether a frame {@link #read} returned is a tombstone: the trace of a recent eviction, which reads as a miss.
	 * @param frame the frame
	 * @return whether it is a tombstone
	 */
	default boolean isTombstone(byte[] frame) {
		return false;
	}

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
