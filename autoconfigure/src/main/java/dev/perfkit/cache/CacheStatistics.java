package dev.perfkit.cache;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import dev.perfkit.profiler.request.RequestProfile;

/**
 * Counters of one {@link LayeredCache}, per layer where it matters. Recording is a {@link LongAdder} increment.
 *
 * @since 0.1.0
 */
public final class CacheStatistics {

	/** Number of buckets of the load-time histogram. */
	public static final int LOAD_BUCKETS = 256;

	private final List<String> layers;

	private final LongAdder[] hits;

	private final LongAdder[] misses;

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder loads = new LongAdder();

	private final LongAdder loadFailures = new LongAdder();

	private final LongAdder loadNanos = new LongAdder();

	private final LongAdder corruptEntries = new LongAdder();

	private final LongAdder earlyRefreshes = new LongAdder();

	private final LongAdder sizeEvictions = new LongAdder();

	private final LongAdder memoryExpirations = new LongAdder();

	private final LongAdder missesAfterEviction = new LongAdder();

	private final LongAdder expiredMisses = new LongAdder();

	private final LongAdder warmedEntries = new LongAdder();

	private final LongAdder warmedHits = new LongAdder();

	private final LongAdder oversizedKeys = new LongAdder();

	// load times in log buckets (four per power of two of nanoseconds): enough for a p95 within 19%
	private final AtomicLongArray loadBuckets = new AtomicLongArray(LOAD_BUCKETS);

	private final LongAdder serializedBytes = new LongAdder();

	private final LongAdder serializedValues = new LongAdder();

	private final LongAdder oversizedValues = new LongAdder();

	private final LongAdder refusedValues = new LongAdder();

	// refused value types, with the reason and fix; a cache holds a handful of types, bounded anyway
	private final ConcurrentMap<String, String> refusedTypes = new ConcurrentHashMap<>();

	// the request profile's hook: the cache's name and its layers' slots
	private final String cacheName;

	private final int[] profileSlots;

	CacheStatistics(List<String> layers) {
		this("", layers);
	}

	CacheStatistics(String cacheName, List<String> layers) {
		this.cacheName = cacheName;
		this.profileSlots = layers.stream().mapToInt(RequestProfile::layerSlot).toArray();
		this.layers = List.copyOf(layers);
		this.hits = new LongAdder[layers.size()];
		this.misses = new LongAdder[layers.size()];
		for (int i = 0; i < layers.size(); i++) {
			this.hits[i] = new LongAdder();
			this.misses[i] = new LongAdder();
		}
	}

	/**
	 * Names of the layers this cache uses, top first ({@code memory}, {@code redis}, {@code sqlite}).
	 * @return the layer names
	 */
	public List<String> getLayers() {
		return this.layers;
	}

	/**
	 * Hits in a layer.
	 * @param layer the layer name
	 * @return the number of hits, 0 for a layer the cache does not use
	 */
	public long getHits(String layer) {
		int index = this.layers.indexOf(layer);
		return (index >= 0) ? this.hits[index].sum() : 0;
	}

	/**
	 * Misses in a layer.
	 * @param layer the layer name
	 * @return the number of misses, 0 for a layer the cache does not use
	 */
	public long getMisses(String layer) {
		int index = this.layers.indexOf(layer);
		return (index >= 0) ? this.misses[index].sum() : 0;
	}

	/**
	 * Hits in any layer.
	 * @return the number of reads answered by the cache
	 */
	public long getHits() {
		long total = 0;
		for (LongAdder hit : this.hits) {
			total += hit.sum();
		}
		return total;
	}

	/**
	 * Reads that no layer answered.
	 * @return the number of misses of the whole cache
	 */
	public long getMisses() {
		return this.misses[this.misses.length - 1].sum();
	}

	/**
	 * Explicit writes.
	 * @return the number of puts
	 */
	public long getPuts() {
		return this.puts.sum();
	}

	/**
	 * Explicit evictions and clears.
	 * @return the number of evictions
	 */
	public long getEvictions() {
		return this.evictions.sum();
	}

	/**
	 * Successful loader calls.
	 * @return the number of loads
	 */
	public long getLoads() {
		return this.loads.sum();
	}

	/**
	 * Loader calls that threw.
	 * @return the number of failed loads
	 */
	public long getLoadFailures() {
		return this.loadFailures.sum();
	}

	/**
	 * Time spent in successful loader calls.
	 * @return the total load time in nanoseconds
	 */
	public long getTotalLoadNanos() {
		return this.loadNanos.sum();
	}

	/**
	 * Entries that could not be read back (garbage bytes, an untrusted type), dropped and counted as misses.
	 * @return the number of corrupt entries
	 */
	public long getCorruptEntries() {
		return this.corruptEntries.sum();
	}

	/**
	 * Background refreshes started by probabilistic early expiration.
	 * @return the number of early refreshes
	 */
	public long getEarlyRefreshes() {
		return this.earlyRefreshes.sum();
	}

	/**
	 * Entries L1 evicted because it was full.
	 * @return the number of size evictions
	 */
	public long getSizeEvictions() {
		return this.sizeEvictions.sum();
	}

	/**
	 * Entries L1 dropped because their time in memory was over.
	 * @return the number of expirations in L1
	 */
	public long getMemoryExpirations() {
		return this.memoryExpirations.sum();
	}

	/**
	 * Entries L1 evicted for size or expiry, what Micrometer's Caffeine binder reports as {@code cache.evictions};
	 * explicit evictions are {@link #getEvictions()}.
	 * @return the number of size and expiry evictions of L1
	 */
	public long getMemoryEvictions() {
		return this.sizeEvictions.sum() + this.memoryExpirations.sum();
	}

	/**
	 * L1 misses on keys L1 had recently evicted for size (a bounded, approximate memory of recent evictions): misses
	 * a larger L1 would have avoided.
	 * @return the number of misses that follow evictions
	 */
	public long getMissesAfterEviction() {
		return this.missesAfterEviction.sum();
	}

	/**
	 * Reads that found an entry only past its own time-to-live in every layer that had it: misses a longer TTL
	 * would have avoided.
	 * @return the number of expired misses
	 */
	public long getExpiredMisses() {
		return this.expiredMisses.sum();
	}

	/**
	 * Entries put into L1 by warming.
	 * @return the number of warmed entries
	 */
	public long getWarmedEntries() {
		return this.warmedEntries.sum();
	}

	/**
	 * L1 hits on entries warming put there: how much warming was worth.
	 * @return the number of hits on warmed entries
	 */
	public long getWarmedHits() {
		return this.warmedHits.sum();
	}

	void sizeEviction() {
		this.sizeEvictions.increment();
	}

	void memoryExpiration() {
		this.memoryExpirations.increment();
	}

	void missAfterEviction() {
		this.missesAfterEviction.increment();
	}

	void expiredMiss() {
		this.expiredMisses.increment();
	}

	void warmed() {
		this.warmedEntries.increment();
	}

	void warmedHit() {
		this.warmedHits.increment();
	}

	/**
	 * Writes kept in L1 only because the key is longer than the configured limit.
	 * @return the number of writes with an oversized key
	 */
	public long getOversizedKeys() {
		return this.oversizedKeys.sum();
	}

	/**
	 * Writes kept in L1 only because the stored entry is larger than the configured limit.
	 * @return the number of writes with an oversized value
	 */
	public long getOversizedValues() {
		return this.oversizedValues.sum();
	}

	/**
	 * Writes kept in L1 only because the serializer refused the value: it would not read back from Redis or SQLite
	 * equal to what was put.
	 * @return the number of refused writes
	 */
	public long getRefusedValues() {
		return this.refusedValues.sum();
	}

	/**
	 * Value types the serializer refused, with why and what to change.
	 * @return the refusal of each type, by class name
	 */
	public Map<String, String> getRefusedTypes() {
		return new TreeMap<>(this.refusedTypes);
	}

	/**
	 * Counts a refused write.
	 * @return whether this is the first refusal of the type
	 */
	boolean refused(String type, String reason) {
		this.refusedValues.increment();
		return !this.refusedTypes.containsKey(type) && this.refusedTypes.size() < 64
				&& this.refusedTypes.putIfAbsent(type, reason) == null;
	}

	void oversizedKey() {
		this.oversizedKeys.increment();
	}

	void oversizedValue() {
		this.oversizedValues.increment();
	}

	void hit(int layer) {
		this.hits[layer].increment();
		RequestProfile.cacheRead(this.cacheName, this.profileSlots[layer], true);
	}

	void miss(int layer) {
		this.misses[layer].increment();
		RequestProfile.cacheRead(this.cacheName, this.profileSlots[layer], false);
	}

	void put() {
		this.puts.increment();
	}

	void eviction() {
		this.evictions.increment();
	}

	void load(long nanos) {
		RequestProfile.cacheLoad(this.cacheName, nanos, false);
		this.loads.increment();
		this.loadNanos.add(nanos);
		this.loadBuckets.incrementAndGet(loadBucket(nanos));
	}

	void serialized(int bytes) {
		this.serializedBytes.add(bytes);
		this.serializedValues.increment();
	}

	/**
	 * Mean size of the values this cache serialized for its lower layers, before compression, or -1 if it has
	 * serialized none (an L1-only cache).
	 * @return the mean serialized size in bytes, or -1
	 */
	public long getMeanSerializedBytes() {
		long values = this.serializedValues.sum();
		return (values > 0) ? this.serializedBytes.sum() / values : -1;
	}

	/**
	 * Copies the counts of the load-time histogram into the array given (of {@link #LOAD_BUCKETS} elements): bucket
	 * {@code i} counts loads of at most {@link #loadBucketUpperNanos(int)} nanoseconds.
	 * @param into the array to fill
	 * @return the array
	 */
	public long[] copyLoadHistogram(long[] into) {
		for (int i = 0; i < LOAD_BUCKETS; i++) {
			into[i] = this.loadBuckets.get(i);
		}
		return into;
	}

	/**
	 * Upper bound of a bucket of the load-time histogram.
	 * @param bucket the bucket
	 * @return the largest load time, in nanoseconds, the bucket counts
	 */
	public static long loadBucketUpperNanos(int bucket) {
		int power = bucket >> 2;
		if (power < 2) {
			// 0 to 3 ns have a bucket each; buckets 4 to 7 stay empty
			return Math.min(bucket, 3);
		}
		long base = 1L << power;
		return base + ((base >> 2) * ((bucket & 3) + 1)) - 1;
	}

	static int loadBucket(long nanos) {
		if (nanos < 4) {
			return (int) Math.max(0, nanos);
		}
		int power = 63 - Long.numberOfLeadingZeros(nanos);
		return Math.min(LOAD_BUCKETS - 1, (power << 2) | (int) ((nanos >> (power - 2)) & 3));
	}

	void loadFailure() {
		RequestProfile.cacheLoad(this.cacheName, 0, true);
		this.loadFailures.increment();
	}

	void corrupt() {
		this.corruptEntries.increment();
	}

	void earlyRefresh() {
		this.earlyRefreshes.increment();
	}

}
