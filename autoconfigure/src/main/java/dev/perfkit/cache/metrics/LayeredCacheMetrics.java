package dev.perfkit.cache.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import dev.perfkit.cache.CacheStatistics;
import dev.perfkit.cache.LayeredCache;

/**
 * Binds one {@link LayeredCache}: Spring's standard {@code cache.gets}, {@code cache.puts}, {@code cache.evictions}
 * and {@code cache.size} (so existing dashboards work; {@code cache.evictions} counts what L1 dropped for size or
 * expiry, as Micrometer's Caffeine binder does), and Perfkit's {@code perfkit.cache.gets{layer,result}},
 * {@code perfkit.cache.puts}, {@code perfkit.cache.evictions} (explicit evictions and clears),
 * {@code perfkit.cache.oversized{kind}}, {@code perfkit.cache.load} and {@code perfkit.cache.health} (the analytics
 * health score where analytics run, else the share of available layers). Every meter is a function of the cache's
 * own counters: nothing is recorded per call.
 *
 * @since 0.1.0
 */
public class LayeredCacheMetrics extends CacheMeterBinder<LayeredCache> {

	private final LayeredCache cache;

	private final ToDoubleFunction<LayeredCache> health;

	/**
	 * Creates the binder; {@code perfkit.cache.health} is the share of the cache's layers that are available.
	 * @param cache the cache
	 * @param tags extra tags
	 */
	public LayeredCacheMetrics(LayeredCache cache, Iterable<Tag> tags) {
		this(cache, tags, LayeredCache::getHealthScore);
	}

	/**
	 * Creates the binder with the source of {@code perfkit.cache.health}.
	 * @param cache the cache
	 * @param tags extra tags
	 * @param health the health score of a cache, 0 to 100
	 */
	public LayeredCacheMetrics(LayeredCache cache, Iterable<Tag> tags, ToDoubleFunction<LayeredCache> health) {
		super(cache, cache.getName(), tags);
		this.cache = cache;
		this.health = health;
	}

	@Override
	protected Long size() {
		return this.cache.getMemorySize();
	}

	@Override
	protected long hitCount() {
		return this.cache.getStatistics().getHits();
	}

	@Override
	protected Long missCount() {
		return this.cache.getStatistics().getMisses();
	}

	@Override
	protected Long evictionCount() {
		// as Micrometer's Caffeine binder: what L1 dropped for size or expiry; explicit evictions are
		// perfkit.cache.evictions
		return this.cache.getStatistics().getMemoryEvictions();
	}

	@Override
	protected long putCount() {
		return this.cache.getStatistics().getPuts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		CacheStatistics statistics = this.cache.getStatistics();
		Tags tags = Tags.of(getTagsWithCacheName());
		for (String layer : statistics.getLayers()) {
			FunctionCounter.builder("perfkit.cache.gets", statistics, (stats) -> stats.getHits(layer))
				.tags(tags)
				.tags("layer", layer, "result", "hit")
				.description("Reads answered by a layer of the layered cache")
				.register(registry);
			FunctionCounter.builder("perfkit.cache.gets", statistics, (stats) -> stats.getMisses(layer))
				.tags(tags)
				.tags("layer", layer, "result", "miss")
				.description("Reads a layer of the layered cache could not answer")
				.register(registry);
		}
		FunctionCounter.builder("perfkit.cache.puts", statistics, CacheStatistics::getPuts)
			.tags(tags)
			.description("Explicit writes to the layered cache (every layer)")
			.register(registry);
		FunctionCounter.builder("perfkit.cache.evictions", statistics, CacheStatistics::getEvictions)
			.tags(tags)
			.description("Explicit evictions and clears of the layered cache (every layer, every instance)")
			.register(registry);
		FunctionCounter.builder("perfkit.cache.corrupt.entries", statistics, CacheStatistics::getCorruptEntries)
			.tags(tags)
			.description("Unreadable entries dropped and reloaded")
			.register(registry);
		FunctionCounter.builder("perfkit.cache.early.refreshes", statistics, CacheStatistics::getEarlyRefreshes)
			.tags(tags)
			.description("Background refreshes started by probabilistic early expiration")
			.register(registry);
		FunctionCounter.builder("perfkit.cache.oversized", statistics, CacheStatistics::getOversizedKeys)
			.tags(tags)
			.tags("kind", "key")
			.description("Writes kept in L1 only because the key exceeds perfkit.cache.limits.max-key-size")
			.register(registry);
		FunctionCounter.builder("perfkit.cache.oversized", statistics, CacheStatistics::getOversizedValues)
			.tags(tags)
			.tags("kind", "value")
			.description("Writes kept in L1 only because the entry exceeds perfkit.cache.limits.max-value-size")
			.register(registry);
		FunctionTimer
			.builder("perfkit.cache.load", statistics, CacheStatistics::getLoads, CacheStatistics::getTotalLoadNanos,
					TimeUnit.NANOSECONDS)
			.tags(tags)
			.description("Calls of the cached method (loader) on a miss")
			.register(registry);
		Gauge.builder("perfkit.cache.health", this.cache, this.health)
			.tags(tags)
			.description("Health score of the cache, 0 to 100 (the analytics score once sampled)")
			.register(registry);
	}

}
