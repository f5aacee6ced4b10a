package dev.perfkit.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Resolved settings of one cache of a {@link LayeredCacheManager}.
 *
 * @param ttl time-to-live of entries that set none
 * @param allowNullValues whether {@code null} values are cached
 * @param nullTtl time-to-live of cached {@code null} values
 * @param memoryEnabled whether the cache uses L1
 * @param memoryMaximumSize maximum number of L1 entries
 * @param memoryTtl longest time an entry stays in L1 (never beyond its own expiry)
 * @param redisEnabled whether the cache uses L2
 * @param redisTtl longest time an entry stays in L2, or {@code null} for its own TTL
 * @param sqliteEnabled whether the cache uses L3
 * @param sqliteTtl longest time an entry stays in L3, or {@code null} for its own TTL
 * @param earlyRefreshBeta XFetch's beta; 0 disables probabilistic early refresh
 * @since 0.1.0
 */
public record LayeredCacheSettings(Duration ttl, boolean allowNullValues, Duration nullTtl, boolean memoryEnabled,
		long memoryMaximumSize, Duration memoryTtl, boolean redisEnabled, @Nullable Duration redisTtl,
		boolean sqliteEnabled, @Nullable Duration sqliteTtl, double earlyRefreshBeta) {

	/**
	 * Settings with every layer on, a one-hour TTL and no early refresh.
	 * @return the default settings
	 */
	public static LayeredCacheSettings defaults() {
		return new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), true, 10_000,
				Duration.ofMinutes(10), true, null, true, null, 0);
	}

}
