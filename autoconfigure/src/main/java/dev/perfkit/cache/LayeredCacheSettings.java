package dev.perfkit.cache;

import java.time.Duration;

/**
 * Resolved settings of one cache of a {@link LayeredCacheManager}. Which layers below L1 a cache uses, and for how
 * long, are the layers' own {@link LayerSettings}.
 *
 * @param ttl time-to-live of entries that set none
 * @param allowNullValues whether {@code null} values are cached
 * @param nullTtl time-to-live of cached {@code null} values
 * @param memoryEnabled whether the cache uses L1
 * @param memoryMaximumSize maximum number of L1 entries
 * @param memoryTtl longest time an entry stays in L1 (never beyond its own expiry)
 * @param earlyRefreshBeta XFetch's beta; 0 disables probabilistic early refresh
 * @since 0.1.0
 */
public record LayeredCacheSettings(Duration ttl, boolean allowNullValues, Duration nullTtl, boolean memoryEnabled,
		long memoryMaximumSize, Duration memoryTtl, double earlyRefreshBeta) {

	/**
	 * Settings with L1 on, a one-hour TTL and no early refresh.
	 * @return the default settings
	 */
	public static LayeredCacheSettings defaults() {
		return new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), true, 10_000,
				Duration.ofMinutes(10), 0);
	}

}
