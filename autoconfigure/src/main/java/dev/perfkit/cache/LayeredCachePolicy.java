package dev.perfkit.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Policy;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.LayeredCache.Entry;

/**
 * The knobs of one {@link LayeredCache} that tuning, warming and the memory guard turn (time-to-live of new entries,
 * L1's size, warming of L1), apart from the cache's own API, as Caffeine's {@code Cache#policy()}.
 *
 * @since 0.1.0
 * @see LayeredCache#policy()
 */
public final class LayeredCachePolicy {

	private final LayeredCache cache;

	private final @Nullable Memory l1;

	private final LowerReads reads;

	private final CacheStatistics statistics;

	LayeredCachePolicy(LayeredCache cache, @Nullable Memory l1, LowerReads reads, CacheStatistics statistics) {
		this.cache = cache;
		this.l1 = l1;
		this.reads = reads;
		this.statistics = statistics;
	}

	/**
	 * Time-to-live of entries written without their own, which tuning may have changed from the configured one.
	 * @return the time-to-live
	 */
	public Duration getTtl() {
		return this.cache.ttl();
	}

	/**
	 * Changes the time-to-live of entries written from now on without their own; entries already written keep theirs.
	 * @param ttl the new time-to-live, positive
	 */
	public void setTtl(Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		this.cache.ttl(ttl);
	}

	/**
	 * Current maximum number of L1 entries, which the memory guard or tuning may have changed.
	 * @return the maximum, 0 without L1
	 */
	public long getMemoryMaximumSize() {
		return (this.l1 != null) ? this.l1.cache().policy().eviction().map(Policy.Eviction::getMaximum).orElse(0L) : 0;
	}

	/**
	 * Resizes L1 through Caffeine's policy; entries beyond the new maximum are evicted.
	 * @param maximumSize the new maximum number of entries
	 */
	public void setMemoryMaximumSize(long maximumSize) {
		if (this.l1 != null) {
			this.l1.cache().policy().eviction().ifPresent((eviction) -> eviction.setMaximum(maximumSize));
		}
	}

	/**
	 * Whether L1 holds a live entry for a key; counts nothing.
	 * @param key the key in its shared-layer form
	 * @return whether L1 holds the key
	 */
	public boolean isInMemory(String key) {
		Entry entry = (this.l1 != null) ? this.l1.cache().getIfPresent(this.l1.key(key)) : null;
		return entry != null && entry.memoryDeadline - System.nanoTime() > 0;
	}

	/**
	 * Copies an entry from a lower layer into L1 if L1 does not hold it; how a restart warms L1. Counts no miss.
	 * @param key the key in its shared-layer form
	 * @return whether L1 holds the key afterwards
	 */
	public boolean warm(String key) {
		if (this.l1 == null) {
			return false;
		}
		Object memoryKey = this.l1.key(key);
		if (this.l1.live(memoryKey) != null) {
			return true;
		}
		WarmingScope.enter();
		try {
			return this.reads.read(memoryKey, key, null) != null && markWarmed(key);
		}
		finally {
			WarmingScope.exit();
		}
	}

	/**
	 * Marks the L1 entry of a key as put there by warming, so that later hits on it count as warming's effect.
	 * @param key the key in its shared-layer form
	 * @return whether L1 holds the key
	 */
	public boolean markWarmed(String key) {
		Entry entry = (this.l1 != null) ? this.l1.live(this.l1.key(key)) : null;
		if (entry == null) {
			return false;
		}
		if (!entry.warmed) {
			entry.warmed = true;
			this.statistics.warmed();
		}
		return true;
	}

}
