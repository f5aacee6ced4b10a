package dev.perfkit.cache.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.perfkit.cache.CacheLayer;
import dev.perfkit.cache.CacheStatistics;
import dev.perfkit.cache.HotKeys;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.tuning.CacheTuner;
import dev.perfkit.cache.warming.CacheWarming;

/**
 * {@code /actuator/layeredcaches}: statistics of every cache per layer, the state of each layer, the Redis server's
 * own facts with warnings where they hurt caching, each cache's analysis and warming effect, the warming runs, the
 * memory guard and tuning changes, and invalidation by cache, key or tag across layers and instances.
 * Invalidation is a write operation, off unless access to the endpoint is granted.
 *
 * @since 0.1.0
 */
@Endpoint(id = "layeredcaches", defaultAccess = Access.READ_ONLY)
public class LayeredCachesEndpoint {

	private static final int HOT_KEYS = 10;

	private final LayeredCacheManager cacheManager;

	private final @Nullable CacheAnalytics analytics;

	private final @Nullable CacheWarming warming;

	private final @Nullable MemoryGuard memoryGuard;

	private final @Nullable CacheTuner tuner;

	/**
	 * Creates the endpoint.
	 * @param cacheManager the cache manager
	 */
	public LayeredCachesEndpoint(LayeredCacheManager cacheManager) {
		this(cacheManager, null);
	}

	/**
	 * Creates the endpoint with each cache's analysis.
	 * @param cacheManager the cache manager
	 * @param analytics the analytics, or {@code null}
	 */
	public LayeredCachesEndpoint(LayeredCacheManager cacheManager, @Nullable CacheAnalytics analytics) {
		this(cacheManager, analytics, null, null, null);
	}

	/**
	 * Creates the endpoint with every cache intelligence feature that is present.
	 * @param cacheManager the cache manager
	 * @param analytics the analytics, or {@code null}
	 * @param warming the warming, or {@code null}
	 * @param memoryGuard the memory guard, or {@code null}
	 * @param tuner the tuner, or {@code null}
	 */
	public LayeredCachesEndpoint(LayeredCacheManager cacheManager, @Nullable CacheAnalytics analytics,
			@Nullable CacheWarming warming, @Nullable MemoryGuard memoryGuard, @Nullable CacheTuner tuner) {
		this.cacheManager = cacheManager;
		this.analytics = analytics;
		this.warming = warming;
		this.memoryGuard = memoryGuard;
		this.tuner = tuner;
	}

	/**
	 * Every cache, the layers and the Redis server.
	 * @return the descriptor
	 */
	@ReadOperation
	public CachesDescriptor caches() {
		Map<String, CacheDescriptor> caches = new LinkedHashMap<>();
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache != null) {
				caches.put(name, describe(cache));
			}
		}
		MemoryGuard guard = this.memoryGuard;
		return new CachesDescriptor(this.cacheManager.getLayerStates(), redis(), caches,
				(this.warming != null) ? this.warming.getStats() : null,
				(guard != null) ? new MemoryGuardDescriptor(guard.getLastHeapUsedRatio(), guard.getShrinkCount(),
						guard.getRestoreCount(), guard.getShrunk()) : null,
				(this.tuner != null) ? this.tuner.getChanges() : null);
	}

	/**
	 * One cache.
	 * @param cache the cache name
	 * @return the descriptor, or {@code null} if there is no such cache
	 */
	@ReadOperation
	public @Nullable CacheDescriptor cache(@Selector String cache) {
		if (!this.cacheManager.getCacheNames().contains(cache)) {
			return null;
		}
		LayeredCache layered = this.cacheManager.getLayeredCache(cache);
		return (layered != null) ? describe(layered) : null;
	}

	/**
	 * Invalidates a cache, one key of it, or every entry carrying a tag, in every layer and on every instance.
	 * @param cache the cache name
	 * @param tag the tag to invalidate (any cache)
	 * @param key the key to evict
	 * @return what was invalidated, or {@code null} if there is no such cache
	 */
	@DeleteOperation
	public @Nullable InvalidationDescriptor invalidate(@Selector String cache, @Nullable String tag,
			@Nullable String key) {
		if (!this.cacheManager.getCacheNames().contains(cache)) {
			return null;
		}
		LayeredCache layered = this.cacheManager.getLayeredCache(cache);
		if (layered == null) {
			return null;
		}
		if (tag != null) {
			this.cacheManager.invalidateTags(tag);
			return new InvalidationDescriptor(cache, "tag", tag);
		}
		if (key != null) {
			layered.evict(key);
			return new InvalidationDescriptor(cache, "key", key);
		}
		layered.clear();
		return new InvalidationDescriptor(cache, "cache", cache);
	}

	private CacheDescriptor describe(LayeredCache cache) {
		CacheStatistics statistics = cache.getStatistics();
		List<LayerStatistics> layers = new ArrayList<>();
		for (String layer : statistics.getLayers()) {
			long hits = statistics.getHits(layer);
			long misses = statistics.getMisses(layer);
			long size = layer.equals("memory") ? cache.getMemorySize()
					: this.cacheManager.getLayerSize(cache.getName(), layer);
			layers.add(new LayerStatistics(layer, hits, misses, ratio(hits, hits + misses), size));
		}
		long loads = statistics.getLoads();
		double averageLoadMillis = (loads > 0) ? statistics.getTotalLoadNanos() / 1e6 / loads : 0;
		long hits = statistics.getHits();
		long reads = hits + statistics.getMisses();
		int analyticsScore = (this.analytics != null) ? this.analytics.healthScore(cache.getName()) : -1;
		return new CacheDescriptor(cache.getName(), cache.policy().getTtl().toString(), ratio(hits, reads),
				(analyticsScore >= 0) ? analyticsScore : cache.getHealthScore(), layers, statistics.getPuts(),
				statistics.getEvictions(), loads, Math.round(averageLoadMillis * 1000) / 1000.0,
				statistics.getLoadFailures(), statistics.getCorruptEntries(), statistics.getEarlyRefreshes(),
				statistics.getOversizedKeys(), statistics.getOversizedValues(), statistics.getRefusedValues(),
				statistics.getRefusedTypes(), cache.getHotKeys().top(HOT_KEYS),
				(this.analytics != null) ? this.analytics.report(cache.getName()) : null,
				cache.policy().getMemoryMaximumSize(), statistics.getSizeEvictions(),
				statistics.getMissesAfterEviction(),
				new WarmingDescriptor(statistics.getWarmedEntries(), statistics.getWarmedHits(),
						cache.getHotKeys().reinvocable()));
	}

	private @Nullable RedisDescriptor redis() {
		for (CacheLayer layer : this.cacheManager.getLayers()) {
			if (layer instanceof RedisCacheLayer redis) {
				try {
					return RedisDescriptor.of(redis.info(), redis.clusterNodes());
				}
				catch (RuntimeException ex) {
					return new RedisDescriptor(Map.of(), List.of(),
							List.of("Redis did not answer INFO: " + ex.getMessage()));
				}
			}
		}
		return null;
	}

	private static double ratio(long part, long total) {
		return (total > 0) ? Math.round(part * 10_000.0 / total) / 10_000.0 : 0;
	}

	/** Every cache. */
	public static final class CachesDescriptor implements OperationResponseBody {

		private final List<LayeredCacheManager.LayerState> layers;

		private final @Nullable RedisDescriptor redis;

		private final Map<String, CacheDescriptor> caches;

		private final CacheWarming.@Nullable Stats warming;

		private final @Nullable MemoryGuardDescriptor memoryGuard;

		private final @Nullable List<CacheTuner.Change> tuning;

		CachesDescriptor(List<LayeredCacheManager.LayerState> layers, @Nullable RedisDescriptor redis,
				Map<String, CacheDescriptor> caches, CacheWarming.@Nullable Stats warming,
				@Nullable MemoryGuardDescriptor memoryGuard, @Nullable List<CacheTuner.Change> tuning) {
			this.layers = layers;
			this.redis = redis;
			this.caches = caches;
			this.warming = warming;
			this.memoryGuard = memoryGuard;
			this.tuning = tuning;
		}

		/**
		 * Warming runs, counters and effectiveness, {@code null} without warming.
		 * @return the warming statistics
		 */
		public CacheWarming.@Nullable Stats getWarming() {
			return this.warming;
		}

		/**
		 * State of the memory guard, {@code null} without it.
		 * @return the memory guard
		 */
		public @Nullable MemoryGuardDescriptor getMemoryGuard() {
			return this.memoryGuard;
		}

		/**
		 * Changes made by automatic tuning, oldest first, {@code null} while tuning is off.
		 * @return the tuning changes
		 */
		public @Nullable List<CacheTuner.Change> getTuning() {
			return this.tuning;
		}

		public List<LayeredCacheManager.LayerState> getLayers() {
			return this.layers;
		}

		public @Nullable RedisDescriptor getRedis() {
			return this.redis;
		}

		public Map<String, CacheDescriptor> getCaches() {
			return this.caches;
		}

	}

	/**
	 * One cache.
	 *
	 * @param name the cache name
	 * @param ttl the time-to-live of entries written without their own (tuning may have changed it)
	 * @param hitRatio reads answered by any layer, over all reads
	 * @param healthScore the cache's one health score, 0 to 100: the analytics score once sampled (see
	 * {@link CacheAnalytics}), before that (or without analytics) the share of its layers that are available
	 * @param layers statistics per layer, top first
	 * @param puts explicit writes
	 * @param evictions explicit evictions and clears
	 * @param loads loader calls
	 * @param averageLoadMillis mean loader time in milliseconds
	 * @param loadFailures loader calls that threw
	 * @param corruptEntries unreadable entries dropped
	 * @param earlyRefreshes background refreshes started early
	 * @param oversizedKeys writes kept in L1 only because the key exceeds {@code perfkit.cache.limits.max-key-size}
	 * @param oversizedValues writes kept in L1 only because the entry exceeds
	 * {@code perfkit.cache.limits.max-value-size}
	 * @param refusedValues writes kept in L1 only because the value would not read back from Redis/SQLite equal
	 * @param refusedTypes the refused value types, with why and what to change
	 * @param hotKeys the most accessed keys, hottest first, with estimated accesses and mean load nanoseconds
	 * @param analytics health score, snapshots, alerts and recommendations, {@code null} before the first sample
	 * @param memoryMaximumSize current L1 maximum, as the memory guard and tuning left it
	 * @param sizeEvictions entries L1 evicted because it was full
	 * @param missesAfterEviction L1 misses on keys L1 had recently evicted for size
	 * @param warming entries warming put into L1, later hits on them, and hot keys re-invocable
	 */
	public record CacheDescriptor(String name, String ttl, double hitRatio, int healthScore,
			List<LayerStatistics> layers, long puts, long evictions, long loads, double averageLoadMillis,
			long loadFailures, long corruptEntries, long earlyRefreshes, long oversizedKeys, long oversizedValues,
			long refusedValues, Map<String, String> refusedTypes, List<HotKeys.HotKey> hotKeys, CacheAnalytics.@Nullable Report analytics, long memoryMaximumSize,
			long sizeEvictions, long missesAfterEviction, WarmingDescriptor warming) implements OperationResponseBody {
	}

	/**
	 * Warming's effect on one cache.
	 *
	 * @param warmedEntries entries warming put into L1
	 * @param warmedHits later L1 hits on them
	 * @param reinvocableHotKeys hot keys whose {@code @Cacheable} call is kept for warming to make again
	 */
	public record WarmingDescriptor(long warmedEntries, long warmedHits, int reinvocableHotKeys) {
	}

	/**
	 * State of the memory guard.
	 *
	 * @param heapUsed share of the heap used after GC at the latest check, -1 before it
	 * @param shrinks shrinks made since start
	 * @param restores caches restored to their original maximum since start
	 * @param shrunk caches held shrunk now, with their original L1 maximum
	 */
	public record MemoryGuardDescriptor(double heapUsed, long shrinks, long restores, Map<String, Long> shrunk) {
	}

	/**
	 * One layer of one cache.
	 *
	 * @param layer the layer name
	 * @param hits reads it answered
	 * @param misses reads it could not answer
	 * @param hitRatio hits over reads
	 * @param size entries it holds for the cache, -1 when counting is too costly (Redis)
	 */
	public record LayerStatistics(String layer, long hits, long misses, double hitRatio, long size) {
	}

	/**
	 * What an invalidation removed.
	 *
	 * @param cache the cache name
	 * @param scope {@code cache}, {@code key} or {@code tag}
	 * @param target the cache, key or tag
	 */
	public record InvalidationDescriptor(String cache, String scope, String target) implements OperationResponseBody {
	}

	/**
	 * One node of a Redis Cluster.
	 *
	 * @param address the node's address
	 * @param role {@code master} or {@code replica}
	 * @param healthy whether the node is connected and not flagged as failing
	 * @param flags the node's flags as Redis reports them
	 */
	public record ClusterNode(String address, String role, boolean healthy, String flags) {
	}

	/**
	 * The Redis server's own facts and what they mean for caching.
	 *
	 * @param facts selected {@code INFO} fields
	 * @param nodes the cluster's nodes, empty for a standalone server
	 * @param warnings plain-language warnings
	 */
	public record RedisDescriptor(Map<String, String> facts, List<ClusterNode> nodes, List<String> warnings) {

		private static final List<String> FIELDS = List.of("redis_version", "role", "cluster_enabled", "used_memory",
				"used_memory_human", "maxmemory", "maxmemory_human", "maxmemory_policy", "instantaneous_ops_per_sec",
				"keyspace_hits", "keyspace_misses", "evicted_keys", "connected_clients");

		static RedisDescriptor of(String info, String clusterNodes) {
			Map<String, String> all = new LinkedHashMap<>();
			for (String line : info.split("\r?\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && !line.startsWith("#")) {
					all.put(line.substring(0, colon), line.substring(colon + 1).trim());
				}
			}
			Map<String, String> facts = new LinkedHashMap<>();
			for (String field : FIELDS) {
				String value = all.get(field);
				if (value != null) {
					facts.put(field, value);
				}
			}
			long hits = number(all.get("keyspace_hits"));
			long misses = number(all.get("keyspace_misses"));
			if (hits + misses > 0) {
				facts.put("keyspace_hit_ratio", String.format(Locale.ROOT, "%.4f", hits / (double) (hits + misses)));
			}
			List<ClusterNode> nodes = new ArrayList<>();
			for (String line : clusterNodes.split("\r?\n")) {
				String[] fields = line.trim().split(" ");
				if (fields.length >= 8) {
					String address = fields[1].contains("@") ? fields[1].substring(0, fields[1].indexOf('@')) : fields[1];
					String flags = fields[2];
					boolean healthy = "connected".equals(fields[7]) && !flags.contains("fail");
					nodes.add(new ClusterNode(address, flags.contains("master") ? "master" : "replica", healthy, flags));
				}
			}
			facts.put("topology", nodes.isEmpty() ? "standalone" : "cluster");
			List<String> warnings = warnings(all, hits, misses);
			for (ClusterNode node : nodes) {
				if (!node.healthy()) {
					warnings.add("Cluster node " + node.address() + " is failing (" + node.flags()
							+ "): the keys of its slots are unavailable until a replica takes over.");
				}
			}
			return new RedisDescriptor(facts, nodes, warnings);
		}

		private static List<String> warnings(Map<String, String> info, long hits, long misses) {
			List<String> warnings = new ArrayList<>();
			long used = number(info.get("used_memory"));
			long max = number(info.get("maxmemory"));
			String policy = info.getOrDefault("maxmemory_policy", "");
			if (max == 0) {
				warnings.add("maxmemory is not set: Redis grows until the host runs out of memory; set maxmemory and "
						+ "an allkeys-lru or allkeys-lfu policy for a cache.");
			}
			else if ("noeviction".equals(policy) && used > max * 0.9) {
				warnings.add(String.format(Locale.ROOT, "maxmemory-policy is noeviction and memory is %.0f%% used: "
						+ "cache writes will fail once it is full; use allkeys-lru or volatile-lru.", used * 100.0 / max));
			}
			else if ("noeviction".equals(policy)) {
				warnings.add("maxmemory-policy is noeviction: cache writes will fail once maxmemory is reached; "
						+ "use allkeys-lru or volatile-lru.");
			}
			if (number(info.get("evicted_keys")) > 0) {
				warnings.add("Redis has evicted " + info.get("evicted_keys")
						+ " keys for lack of memory: entries leave L2 before their TTL.");
			}
			if (hits + misses > 1000 && hits < misses) {
				warnings.add(String.format(Locale.ROOT, "Keyspace hit ratio is %.0f%%: most reads miss.",
						hits * 100.0 / (hits + misses)));
			}
			return warnings;
		}

		private static long number(@Nullable String value) {
			if (value == null) {
				return 0;
			}
			try {
				return Long.parseLong(value);
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

	}

}
