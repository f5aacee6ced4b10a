package dev.perfkit.cache;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.LayeredCache.Entry;

/**
 * L1 of one {@link LayeredCache} apart from its hit path (which reads the Caffeine cache inline): each entry's L1
 * deadline, the index of keys that are not strings by their shared-layer form (so that an invalidation, which carries
 * that form, finds them), removal, expiry and eviction bookkeeping.
 */
final class Memory {

	// keyed by the caller's key object (equals/hashCode, as Spring's CaffeineCache): a hit converts nothing
	private final Cache<Object, Entry> cache;

	// the L1 keys that are not strings, by their shared-layer form; updated inside the map operation on the key, so it
	// never loses a key that L1 still holds
	private final ConcurrentMap<String, Object> keysById = new ConcurrentHashMap<>();

	private final CacheStatistics statistics;

	private final RecentEvictions recentEvictions;

	private final long ttlMillis;

	// without lower layers an entry past its own TTL is a miss a longer TTL would have avoided
	private final boolean countsExpiredMisses;

	Memory(long maximumSize, long ttlMillis, CacheStatistics statistics, RecentEvictions recentEvictions,
			boolean countsExpiredMisses) {
		this.statistics = statistics;
		this.recentEvictions = recentEvictions;
		this.ttlMillis = ttlMillis;
		this.countsExpiredMisses = countsExpiredMisses;
		// no Caffeine expiry (its timer wheel costs more than the hit): each entry carries its own L1 deadline,
		// checked against System.nanoTime(), and the size bound evicts what is never read again
		// Caffeine's default maintenance executor (the common pool), as Spring's CaffeineCache has: maintenance on the
		// calling thread was tried and made 2-thread hits no steadier (BENCHMARKS.md, "L1 hit: what was tried")
		this.cache = Caffeine.newBuilder().maximumSize(maximumSize).evictionListener(this::evicted).build();
	}

	/** The Caffeine cache, for the hit path of {@link LayeredCache}, which reads it inline. */
	Cache<Object, Entry> cache() {
		return this.cache;
	}

	// runs in Caffeine's maintenance, never on the read path
	private void evicted(@Nullable Object key, @Nullable Entry entry, RemovalCause cause) {
		if (entry == null) {
			return;
		}
		if (!(key instanceof String)) {
			this.keysById.remove(entry.id, key);
		}
		if (cause == RemovalCause.SIZE) {
			this.recentEvictions.add(entry.id);
			this.statistics.sizeEviction();
		}
	}

	/** The live entry of a key, counted as nothing; {@code null} (and an expired entry dropped) otherwise. */
	@Nullable Entry live(Object key) {
		Entry entry = this.cache.getIfPresent(key);
		if (entry != null && entry.memoryDeadline - System.nanoTime() <= 0) {
			if (remove(key, entry)) {
				this.statistics.memoryExpiration();
			}
			return null;
		}
		return entry;
	}

	/** Drops an entry a read found past its L1 deadline. */
	void dropExpired(Object key, Entry entry) {
		if (!remove(key, entry)) {
			return;
		}
		this.statistics.memoryExpiration();
		if (this.countsExpiredMisses && entry.expiresAtMillis <= System.currentTimeMillis()) {
			this.statistics.expiredMiss();
		}
	}

	/** Puts an entry and, for a key that is not a string, indexes it by its shared-layer form. */
	void put(Object key, Entry entry) {
		if (key instanceof String) {
			this.cache.put(key, entry);
			return;
		}
		Object[] displaced = new Object[1];
		this.cache.asMap().compute(key, (k, previous) -> {
			displaced[0] = index(k, entry);
			return entry;
		});
		if (displaced[0] != null) {
			// two keys of different types with one shared form (Long 5 and Integer 5): one indexed at a time
			remove(displaced[0], null);
		}
	}

	// indexes a non-String key under its shared form; returns another key that held that form, to be removed
	private @Nullable Object index(Object key, Entry entry) {
		Object other = this.keysById.put(entry.id, key);
		return (other != null && !other.equals(key)) ? other : null;
	}

	/**
	 * Puts an entry unless a live one is there, in one Caffeine call.
	 * @return the live entry held, or {@code null} if {@code entry} was put
	 */
	@Nullable Entry putIfAbsent(Object key, Entry entry) {
		Entry[] existing = new Entry[1];
		Object[] displaced = new Object[1];
		this.cache.asMap().compute(key, (k, current) -> {
			if (current != null && current.memoryDeadline - System.nanoTime() > 0) {
				existing[0] = current;
				return current;
			}
			if (!(k instanceof String)) {
				displaced[0] = index(k, entry);
			}
			return entry;
		});
		if (displaced[0] != null) {
			remove(displaced[0], null);
		}
		return existing[0];
	}

	/**
	 * Removes an entry (only if it is {@code expected}, when given) and its index.
	 * @return whether an entry was removed
	 */
	boolean remove(Object key, @Nullable Entry expected) {
		if (key instanceof String) {
			return (expected != null) ? this.cache.asMap().remove(key, expected)
					: this.cache.asMap().remove(key) != null;
		}
		boolean[] removed = new boolean[1];
		this.cache.asMap().computeIfPresent(key, (k, current) -> {
			if (expected != null && current != expected) {
				return current;
			}
			this.keysById.remove(current.id, k);
			removed[0] = true;
			return null;
		});
		return removed[0];
	}

	/** Removes the entry of a shared-layer form, whether its key is that string or another object. */
	void removeId(String id) {
		remove(id, null);
		Object key = this.keysById.get(id);
		if (key != null) {
			remove(key, null);
		}
	}

	/** Drops every entry. */
	void clear() {
		// one key at a time, so that the index of non-string keys follows (a concurrent put may stay, as with
		// Caffeine's invalidateAll)
		for (Object key : this.cache.asMap().keySet()) {
			remove(key, null);
		}
	}

	/** Drops every entry carrying one of the tags. */
	void invalidateTags(Collection<String> tags) {
		for (var mapping : this.cache.asMap().entrySet()) {
			if (mapping.getValue().hasAnyTag(tags)) {
				remove(mapping.getKey(), mapping.getValue());
			}
		}
	}

	/** The L1 key of a shared-layer form: the original key object if L1 holds one, else the string itself. */
	Object key(String id) {
		Object key = this.keysById.get(id);
		return (key != null) ? key : id;
	}

	/**
	 * L1 keeps an entry for at most the memory TTL and never beyond the entry's own expiry; the deadline is in
	 * {@link System#nanoTime()} terms, the one clock read of an L1 hit.
	 */
	long deadline(long expiresAtMillis, long now) {
		long millis = Math.min(this.ttlMillis, expiresAtMillis - now);
		return System.nanoTime() + Math.max(0, millis) * 1_000_000L;
	}

}
