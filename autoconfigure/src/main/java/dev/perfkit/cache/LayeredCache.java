package dev.perfkit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import dev.perfkit.cache.observation.CacheObservations;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link Cache} that reads L1 (Caffeine) → L2 (Redis) → L3 (SQLite) → loader and writes every layer it
 * uses. A hit below L1 is promoted upward with the entry's remaining time-to-live. An L1 entry is itself the
 * {@link org.springframework.cache.Cache.ValueWrapper ValueWrapper} returned to the caller, so an L1 hit allocates
 * nothing.
 * <p>
 * A value read from below or loaded is only installed in L1 if no invalidation of its key (or of the whole cache)
 * happened since the read began: a version guard, so that a slow read cannot resurrect a value another instance has
 * just evicted.
 * <p>
 * Keys and values beyond the configured limits stay in L1: a key longer than the key limit never reaches the lower
 * layers (not even as a read), and an entry whose stored frame is larger than the value limit is not written below
 * L1 (an older copy there is removed). Both are counted.
 *
 * @since 0.1.0
 */
public class LayeredCache implements Cache {

	private static final Log logger = LogFactory.getLog(LayeredCache.class);

	private static final String[] NO_TAGS = {};

	private static final int HOT_KEYS = 256;

	// one L1 hit in 1,024 is recorded as 1,024 accesses: keeps the hit path at one random draw
	private static final int HIT_SAMPLE_MASK = 1023;

	private final String name;

	private final LayeredCacheSettings settings;

	// L1's Caffeine cache (the same object as l1's), read inline by the hit path: keyed by the caller's key object
	// (equals/hashCode, as Spring's CaffeineCache), so a hit converts nothing; null without L1
	private final com.github.benmanes.caffeine.cache.@Nullable Cache<Object, Entry> memory;

	// L1 apart from the hit path; null without L1
	private final @Nullable Memory l1;

	private final CacheKeys keys;

	private final GuardedLayer[] lower;

	private final LowerWrites writes;

	private final LowerReads reads;

	private final Loads loads;

	private final InvalidationBus bus;

	private final Executor refreshExecutor;

	private final CacheStatistics statistics;

	private final int lowerOffset;

	private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

	private final VersionGuard guard = new VersionGuard();

	private final HotKeys hotKeys = new HotKeys(HOT_KEYS);

	private final RecentEvictions recentEvictions = new RecentEvictions();

	private volatile Duration ttl;

	private final LayeredCachePolicy policy;

	private volatile @Nullable CacheObservations observations;

	LayeredCache(String name, LayeredCacheSettings settings, List<GuardedLayer> lower, EntryCodec codec,
			InvalidationBus bus, Executor refreshExecutor, Executor asyncExecutor, @Nullable GuardedLock lock,
			int maxKeyBytes, int maxValueBytes, CacheKeys keys) {
		this.name = name;
		this.keys = keys;
		this.settings = settings;
		this.lower = lower.toArray(GuardedLayer[]::new);
		this.ttl = settings.ttl();
		this.bus = bus;
		this.refreshExecutor = refreshExecutor;
		List<String> layerNames = new ArrayList<>();
		if (settings.memoryEnabled()) {
			layerNames.add("memory");
		}
		this.lowerOffset = layerNames.size();
		for (GuardedLayer layer : this.lower) {
			layerNames.add(layer.name());
		}
		if (layerNames.isEmpty()) {
			throw new IllegalArgumentException("Cache '" + name + "' uses no layer");
		}
		this.statistics = new CacheStatistics(name, layerNames);
		if (settings.memoryEnabled()) {
			this.l1 = new Memory(settings.memoryMaximumSize(), settings.memoryTtl().toMillis(), this.statistics,
					this.recentEvictions, this.lower.length == 0);
			this.memory = this.l1.cache();
		}
		else {
			this.l1 = null;
			this.memory = null;
		}
		this.writes = new LowerWrites(name, this.lower, codec, this.statistics, maxKeyBytes, maxValueBytes);
		this.reads = new LowerReads(name, this.lower, this.lowerOffset, codec, this.statistics, this.hotKeys, this.guard,
				this.writes, asyncExecutor, this::install);
		this.loads = new Loads(this, this.l1, this.lower, this.statistics, this.hotKeys, this.guard, this.reads,
				this.writes, lock, asyncExecutor);
		this.policy = new LayeredCachePolicy(this, this.l1, this.reads, this.statistics);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this;
	}

	/**
	 * Settings this cache was created with.
	 * @return the settings
	 */
	public LayeredCacheSettings getSettings() {
		return this.settings;
	}

	/**
	 * Counters of this cache.
	 * @return the statistics
	 */
	public CacheStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Number of entries in L1, an estimate.
	 * @return the L1 size, 0 without L1
	 */
	public long getMemorySize() {
		return (this.memory != null) ? this.memory.estimatedSize() : 0;
	}

	/**
	 * Share of this cache's layers that are available, 0 to 100: L1 always is, a lower layer is while its circuit
	 * breaker lets calls through.
	 * @return the availability score
	 */
	public int getHealthScore() {
		int layers = this.lowerOffset + this.lower.length;
		int available = this.lowerOffset;
		for (GuardedLayer layer : this.lower) {
			if (layer.breaker().getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
				available++;
			}
		}
		return (layers == 0) ? 100 : available * 100 / layers;
	}

	/**
	 * The knobs that tuning, warming and the memory guard turn (time-to-live, L1 size, warming), apart from the
	 * cache's own API, as Caffeine's {@code Cache#policy()}.
	 * @return the policy view of this cache
	 */
	public LayeredCachePolicy policy() {
		return this.policy;
	}

	/**
	 * The hottest keys of this cache, with their load cost.
	 * @return the hot-key tracker
	 */
	public HotKeys getHotKeys() {
		return this.hotKeys;
	}

	// time-to-live of entries written without their own: the knob LayeredCachePolicy turns
	Duration ttl() {
		return this.ttl;
	}

	void ttl(Duration ttl) {
		this.ttl = ttl;
	}

	private void memoryMiss(String id) {
		if (WarmingScope.active()) {
			return;
		}
		this.statistics.miss(0);
		this.hotKeys.record(id, 1, 0);
		if (this.recentEvictions.mightContain(id)) {
			this.statistics.missAfterEviction();
		}
	}

	private void sampleHit(String id) {
		if ((ThreadLocalRandom.current().nextInt() & HIT_SAMPLE_MASK) == 0) {
			this.hotKeys.record(id, HIT_SAMPLE_MASK + 1, 0);
		}
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		com.github.benmanes.caffeine.cache.Cache<Object, Entry> memory = this.memory;
		if (memory != null) {
			Entry entry = memory.getIfPresent(key);
			if (entry != null) {
				if (entry.memoryDeadline - System.nanoTime() > 0) {
					this.statistics.hit(0);
					if (entry.warmed) {
						this.statistics.warmedHit();
					}
					sampleHit(entry.id);
					return entry;
				}
				this.l1.dropExpired(key, entry);
			}
		}
		String id = id(key);
		if (memory != null) {
			memoryMiss(id);
		}
		Miss miss = new Miss(this.lower.length);
		Entry entry = this.reads.read(key, id, miss);
		if (entry == null) {
			// where a @Cacheable call's load begins: its fill (the put of its result) must find the key unchanged
			miss.began(this.guard, VersionGuard.stripe(id));
			CacheTagsInterceptor.missed(this.name, id, miss);
			CacheObservations observations = this.observations;
			if (observations != null && observations.isActive()) {
				CacheTagsInterceptor.loading(observations, this.name);
			}
		}
		return entry;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		ValueWrapper wrapper = get(key);
		Object value = (wrapper != null) ? wrapper.get() : null;
		if (value != null && type != null && !type.isInstance(value)) {
			throw new IllegalStateException(
					"Cached value is not of required type [" + type.getName() + "]: " + value);
		}
		return (T) value;
	}

	/** Observes loads (and {@code @Cacheable} misses) from now on; {@code null} stops. */
	void observe(@Nullable CacheObservations observations) {
		this.observations = observations;
	}

	/** What observes loads, if anything. */
	@Nullable CacheObservations observations() {
		return this.observations;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		com.github.benmanes.caffeine.cache.Cache<Object, Entry> memory = this.memory;
		if (memory != null) {
			Entry entry = memory.getIfPresent(key);
			if (entry != null && entry.memoryDeadline - System.nanoTime() <= 0) {
				this.l1.dropExpired(key, entry);
				entry = null;
			}
			if (entry != null) {
				this.statistics.hit(0);
				if (entry.warmed) {
					this.statistics.warmedHit();
				}
				sampleHit(entry.id);
				if (this.settings.earlyRefreshBeta() > 0) {
					refreshEarlyMaybe(key, entry, valueLoader);
				}
				return (T) entry.value;
			}
		}
		String id = id(key);
		if (memory != null) {
			memoryMiss(id);
		}
		return this.loads.get(key, id, valueLoader);
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		put(key, value, this.ttl, NO_TAGS);
	}

	/**
	 * Writes an entry with its own time-to-live and tags to every layer this cache uses, and tells the other
	 * instances to drop their copy.
	 * @param key the key
	 * @param value the value, {@code null} only if the cache allows null values
	 * @param ttl the entry's time-to-live
	 * @param tags tags to invalidate the entry by
	 */
	public void put(Object key, @Nullable Object value, Duration ttl, String... tags) {
		if (value instanceof NullValue) {
			// Spring's marker of a null value (AbstractValueAdaptingCache): stored and read back as null everywhere
			value = null;
		}
		if (value == null && !this.settings.allowNullValues()) {
			throw new IllegalArgumentException("Cache '" + this.name
					+ "' is configured to not allow null values but null was provided");
		}
		String id = id(key);
		Duration effective = (value != null) ? ttl : this.settings.nullTtl();
		long now = System.currentTimeMillis();
		long expiresAt = now + effective.toMillis();
		String[] entryTags = (tags.length == 0) ? CacheTagsInterceptor.currentTags(value, tags) : tags;
		// the write of a @Cacheable call's result after its miss is a fill, said so by the cache interceptor's frame:
		// no other instance can hold the key in L1, so it is not broadcast (a broadcast per miss is JetCache's
		// storm); every other put is an update
		Miss miss = (Miss) CacheTagsInterceptor.fillOf(this.name, id);
		if (miss != null) {
			this.loads.filled(key, id, value, expiresAt, entryTags, miss);
			this.statistics.put();
			return;
		}
		this.guard.bump(id);
		Entry entry = new Entry(id, value, expiresAt, 0, entryTags);
		if (this.l1 != null) {
			entry.memoryDeadline = this.l1.deadline(expiresAt, now);
			this.l1.put(key, entry);
		}
		this.writes.write(id, entry, LowerWrites.Kind.UPDATE, null);
		this.statistics.put();
		this.bus.publish(Invalidation.evict(this.name, id));
	}

	/**
	 * Returns at once: a completed future on an L1 hit; otherwise the layers below are read asynchronously and the
	 * future completes with the value (a {@link ValueWrapper} if the cache allows null values), or with {@code null}
	 * on a miss. Without layers below L1 (or for a key that stays in L1) a miss returns {@code null}.
	 */
	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		Entry entry = memoryHit(key);
		boolean wrap = this.settings.allowNullValues();
		if (entry != null) {
			return CompletableFuture.completedFuture(wrap ? entry : entry.value);
		}
		String id = id(key);
		if (this.memory != null) {
			memoryMiss(id);
		}
		if (this.lower.length == 0 || !this.writes.keyFits(id)) {
			return null;
		}
		return this.reads.readAsync(key, id, null)
			.thenApply((found) -> (found == null) ? null : wrap ? found : found.value);
	}

	/**
	 * Returns at once: a completed future on an L1 hit; otherwise the layers below are read asynchronously, and on a
	 * miss the loader runs, once per key however many callers ask at the same time (they share its future). Its value
	 * is written as a fill, like the one of {@link #get(Object, Callable)}. A loader that fails, or returns a future
	 * that fails, completes the future exceptionally, and the next call loads again.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		Entry hit = memoryHit(key);
		if (hit != null) {
			return CompletableFuture.completedFuture((T) hit.value);
		}
		String id = id(key);
		if (this.memory != null) {
			memoryMiss(id);
		}
		return this.loads.retrieve(key, id, valueLoader);
	}

	/** The live L1 entry of a key, counted as a hit; {@code null} (and an expired entry dropped) otherwise. */
	private @Nullable Entry memoryHit(Object key) {
		com.github.benmanes.caffeine.cache.Cache<Object, Entry> memory = this.memory;
		if (memory == null) {
			return null;
		}
		Entry entry = memory.getIfPresent(key);
		if (entry == null) {
			return null;
		}
		if (entry.memoryDeadline - System.nanoTime() <= 0) {
			this.l1.dropExpired(key, entry);
			return null;
		}
		this.statistics.hit(0);
		if (entry.warmed) {
			this.statistics.warmedHit();
		}
		sampleHit(entry.id);
		return entry;
	}

	/**
	 * Stores a value only if the cache holds none for the key, atomically: in the first layer below L1 that answers
	 * ({@code SET NX} in Redis, an insert-if-absent in SQLite), else in L1 (one Caffeine call). An evicted key is
	 * absent. The layers below the one that decided take the value as an update; the ones above it that did not answer
	 * journal an eviction of the key. The other instances are told only if the value was stored.
	 * @return the value wrapper of the entry the cache holds (its value may be {@code null}), or {@code null} if the
	 * value was stored
	 */
	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		if (value instanceof NullValue) {
			value = null;
		}
		if (value == null && !this.settings.allowNullValues()) {
			throw new IllegalArgumentException("Cache '" + this.name
					+ "' is configured to not allow null values but null was provided");
		}
		Memory l1 = this.l1;
		if (l1 != null) {
			Entry present = l1.live(key);
			if (present != null) {
				return present;
			}
		}
		String id = id(key);
		int stripe = VersionGuard.stripe(id);
		long epoch = this.guard.epoch();
		long version = this.guard.version(stripe);
		long now = System.currentTimeMillis();
		long expiresAt = now + ((value != null) ? this.ttl : this.settings.nullTtl()).toMillis();
		Entry entry = new Entry(id, value, expiresAt, 0, CacheTagsInterceptor.currentTags(value, NO_TAGS));
		byte[] frame = (this.lower.length > 0) ? this.writes.frame(id, entry) : null;
		if (frame != null && frame != LowerWrites.OVERSIZED) {
			for (int n = 0; n < this.lower.length; n++) {
				GuardedLayer layer = this.lower[n];
				byte[] existing = layer.putIfAbsent(this.name, id, frame, this.writes.expiresAt(n, expiresAt, now),
						entry.tags);
				if (existing == GuardedLayer.UNAVAILABLE) {
					// journaled as an eviction; the next layer decides
					continue;
				}
				if (existing != null) {
					EntryCodec.Decoded decoded = this.reads.decode(layer, id, existing);
					if (decoded != null && decoded.expiresAtMillis() > System.currentTimeMillis()) {
						Entry current = new Entry(id, decoded.value(), decoded.expiresAtMillis(), decoded.loadNanos(),
								decoded.tags());
						install(key, current, stripe, epoch, version);
						return current;
					}
					// unreadable (dropped by decode) or past its expiry by this clock: absent, so it is overwritten
					layer.put(this.name, id, frame, this.writes.expiresAt(n, expiresAt, now), entry.tags);
				}
				for (int below = n + 1; below < this.lower.length; below++) {
					this.lower[below].put(this.name, id, frame, this.writes.expiresAt(below, expiresAt, now),
							entry.tags);
				}
				storedIfAbsent(key, entry, stripe, epoch, version);
				return null;
			}
		}
		else if (this.lower.length > 0) {
			// the value stays in L1: an entry the layers below hold is the present one
			Entry existing = this.reads.read(key, id, null);
			if (existing != null) {
				return existing;
			}
		}
		if (l1 == null) {
			// nowhere to store it (every layer below failed and was journaled, or the value stays in L1)
			return null;
		}
		// no layer below decided: L1 does, in one Caffeine call
		this.guard.bump(id);
		entry.memoryDeadline = l1.deadline(expiresAt, now);
		Entry existing = l1.putIfAbsent(key, entry);
		if (existing != null) {
			return existing;
		}
		this.statistics.put();
		this.bus.publish(Invalidation.evict(this.name, id));
		return null;
	}

	/**
	 * After a layer below stored a putIfAbsent's value: L1 takes it only if nothing changed the key meanwhile (else
	 * what L1 holds is dropped and the next read asks the layer, which knows the order of the writes), the other
	 * instances are told.
	 */
	private void storedIfAbsent(Object key, Entry entry, int stripe, long epoch, long version) {
		long mine = this.guard.bump(stripe);
		Memory l1 = this.l1;
		if (l1 != null) {
			if (mine == version + 1 && this.guard.epoch() == epoch) {
				entry.memoryDeadline = l1.deadline(entry.expiresAtMillis, System.currentTimeMillis());
				Entry other = this.memory.asMap().get(key);
				if (other == null) {
					l1.put(key, entry);
				}
				else {
					l1.remove(key, other);
				}
				if (!this.guard.unchanged(stripe, epoch, mine)) {
					l1.remove(key, entry);
				}
			}
			else {
				l1.remove(key, null);
			}
		}
		this.statistics.put();
		this.bus.publish(Invalidation.evict(this.name, entry.id));
	}

	@Override
	public void evict(Object key) {
		String id = id(key);
		// lower layers before L1: a read between the two would otherwise copy the old value back into L1
		for (GuardedLayer layer : this.lower) {
			if (layer.layer().isShared()) {
				layer.evict(this.name, id);
			}
		}
		evictLocally(id);
		if (this.l1 != null && !(key instanceof String)) {
			this.l1.remove(key, null);
		}
		this.statistics.eviction();
		this.bus.publish(Invalidation.evict(this.name, id));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		boolean present = this.l1 != null && this.l1.live(key) != null;
		evict(key);
		return present;
	}

	@Override
	public void clear() {
		for (GuardedLayer layer : this.lower) {
			if (layer.layer().isShared()) {
				layer.clear(this.name);
			}
		}
		clearLocally();
		this.statistics.eviction();
		this.bus.publish(Invalidation.clear(this.name));
	}

	@Override
	public boolean invalidate() {
		boolean notEmpty = getMemorySize() > 0;
		clear();
		return notEmpty;
	}

	/**
	 * Drops a key from this instance's own (not shared) layers, then from L1: in this order, a read that found L1
	 * empty cannot copy the old value back from a lower layer after the version moved.
	 */
	void evictLocally(String id) {
		// moved before too: a fill that lands in L3 after the removal below then sees it and removes itself
		this.guard.bump(id);
		for (GuardedLayer layer : this.lower) {
			if (!layer.layer().isShared()) {
				layer.evict(this.name, id);
			}
		}
		this.guard.bump(id);
		if (this.l1 != null) {
			this.l1.removeId(id);
		}
	}

	/** Drops every entry from this instance's own layers, then from L1. */
	void clearLocally() {
		this.guard.bumpEpoch();
		for (GuardedLayer layer : this.lower) {
			if (!layer.layer().isShared()) {
				layer.clear(this.name);
			}
		}
		clearMemory();
	}

	/** Drops every L1 entry; what the cache does when invalidations may have been lost. */
	void clearMemory() {
		this.guard.bumpEpoch();
		if (this.l1 != null) {
			this.l1.clear();
		}
	}

	/** Drops every L1 entry carrying one of the tags. */
	void invalidateTagsInMemory(Collection<String> tags) {
		this.guard.bumpEpoch();
		if (this.l1 != null) {
			this.l1.invalidateTags(tags);
		}
	}

	/** Installs an entry in L1 if the key's version is still the one noted before it was read or loaded. */
	void install(Object key, Entry entry, int stripe, long epoch, long version) {
		Memory l1 = this.l1;
		if (l1 == null || !this.guard.unchanged(stripe, epoch, version)) {
			return;
		}
		entry.memoryDeadline = l1.deadline(entry.expiresAtMillis, System.currentTimeMillis());
		l1.put(key, entry);
		// an invalidation that raced with the put is either seen here or removes the entry after it
		if (!this.guard.unchanged(stripe, epoch, version)) {
			l1.remove(key, entry);
		}
	}

	private void refreshEarlyMaybe(Object key, Entry entry, Callable<?> valueLoader) {
		String id = entry.id;
		long remainingNanos = (entry.expiresAtMillis - System.currentTimeMillis()) * 1_000_000L;
		if (entry.loadNanos <= 0 || !shouldRefreshEarly(remainingNanos, entry.loadNanos,
				this.settings.earlyRefreshBeta(), ThreadLocalRandom.current().nextDouble())) {
			return;
		}
		if (!this.refreshing.add(id)) {
			return;
		}
		try {
			this.refreshExecutor.execute(() -> {
				try {
					this.statistics.earlyRefresh();
					// a refresh runs outside the cached call: it keeps the tags the entry has
					this.loads.refresh(key, id, valueLoader, entry.tags);
				}
				catch (Throwable ex) {
					logger.debug("Early refresh of '" + id + "' in cache '" + this.name + "' failed", ex);
				}
				finally {
					this.refreshing.remove(id);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.refreshing.remove(id);
		}
	}

	/**
	 * XFetch: refresh early with probability {@code exp(-t / (delta * beta))}, where {@code t} is the time left
	 * before expiry and {@code delta} the time the value took to load.
	 */
	static boolean shouldRefreshEarly(long remainingNanos, long loadNanos, double beta, double random) {
		if (remainingNanos <= 0) {
			return true;
		}
		return random < Math.exp(-(double) remainingNanos / (loadNanos * beta));
	}

	private String id(Object key) {
		return (key instanceof String string) ? string : this.keys.id(this.name, key);
	}

	/**
	 * A read that missed everywhere: what each lower layer held (nothing or a tombstone), and, for the miss of a
	 * {@code @Cacheable} call, when its load began and the key's version then.
	 */
	static final class Miss {

		final byte @Nullable [][] seen;

		long nanos;

		int stripe;

		long epoch;

		long version;

		Miss(int layers) {
			this.seen = new byte[layers][];
		}

		void began(VersionGuard guard, int stripe) {
			this.nanos = System.nanoTime();
			this.stripe = stripe;
			this.epoch = guard.epoch();
			this.version = guard.version(stripe);
		}

	}

	/** An L1 entry; it is the value wrapper handed to callers. */
	static final class Entry implements ValueWrapper {

		// the key's shared-layer form
		final String id;

		final @Nullable Object value;

		final long expiresAtMillis;

		final long loadNanos;

		final String[] tags;

		// System.nanoTime() after which L1 no longer serves the entry; set before the entry is published in L1
		// (Caffeine's map publishes it safely)
		long memoryDeadline;

		// set by warming; a racy read only delays when a hit on it counts
		boolean warmed;

		Entry(String id, @Nullable Object value, long expiresAtMillis, long loadNanos, String[] tags) {
			this.id = id;
			this.value = value;
			this.expiresAtMillis = expiresAtMillis;
			this.loadNanos = loadNanos;
			this.tags = tags;
		}

		@Override
		public @Nullable Object get() {
			return this.value;
		}

		boolean hasAnyTag(Collection<String> candidates) {
			for (String tag : this.tags) {
				if (candidates.contains(tag)) {
					return true;
				}
			}
			return false;
		}

	}

}
