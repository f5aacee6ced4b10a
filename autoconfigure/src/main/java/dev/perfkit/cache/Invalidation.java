package dev.perfkit.cache;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A change one instance tells the others about, so that they drop what their L1 (and their local L3) holds.
 *
 * @param type what changed
 * @param cache the cache name, empty for {@link Type#TAGS}
 * @param key the key for {@link Type#EVICT}
 * @param tags the tags for {@link Type#TAGS}
 * @since 0.1.0
 */
public record Invalidation(Type type, String cache, @Nullable String key, List<String> tags) {

	/**
	 * An entry was written or evicted.
	 * @param cache the cache name
	 * @param key the key
	 * @return the invalidation
	 */
	public static Invalidation evict(String cache, String key) {
		return new Invalidation(Type.EVICT, cache, key, List.of());
	}

	/**
	 * A cache was cleared.
	 * @param cache the cache name
	 * @return the invalidation
	 */
	public static Invalidation clear(String cache) {
		return new Invalidation(Type.CLEAR, cache, null, List.of());
	}

	/**
	 * Tagged entries were invalidated.
	 * @param tags the tags
	 * @return the invalidation
	 */
	public static Invalidation tags(List<String> tags) {
		return new Invalidation(Type.TAGS, "", null, List.copyOf(tags));
	}

	/** Kinds of invalidation. */
	public enum Type {

		/** One key. */
		EVICT,

		/** A whole cache. */
		CLEAR,

		/** Every entry carrying one of the tags. */
		TAGS

	}

}
