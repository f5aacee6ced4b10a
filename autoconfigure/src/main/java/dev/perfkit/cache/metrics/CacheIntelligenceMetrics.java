package dev.perfkit.cache.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.CacheStatistics;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.tuning.CacheTuner;
import dev.perfkit.cache.warming.CacheWarming;

/**
 * Meters of the cache intelligence features that are present: warming ({@code perfkit.cache.warming.runs},
 * {@code .keys}, {@code .failures}, {@code .duration}, and per cache {@code .entries} and {@code .hits}),
 * analytics ({@code perfkit.cache.alerts.active} and {@code perfkit.cache.misses.after.eviction} per cache), the
 * memory guard ({@code perfkit.cache.memory.guard.heap.used}, {@code .shrinks}, {@code .restores}, and
 * {@code perfkit.cache.memory.guard.shrunk} per cache) and tuning ({@code perfkit.cache.tuning.changes} per cache),
 * with {@code perfkit.cache.memory.maximum} per cache. Tags are cache names only; every meter reads counters the
 * features keep anyway.
 *
 * @since 0.1.0
 */
public class CacheIntelligenceMetrics implements MeterBinder {

	private final LayeredCacheManager cacheManager;

	private final @Nullable CacheWarming warming;

	private final @Nullable CacheAnalytics analytics;

	private final @Nullable MemoryGuard memoryGuard;

	private final @Nullable CacheTuner tuner;

	/**
	 * Creates the binder.
	 * @param cacheManager the caches
	 * @param warming the warming, or {@code null}
	 * @param analytics the analytics, or {@code null}
	 * @param memoryGuard the memory guard, or {@code null}
	 * @param tuner the tuner, or {@code null}
	 */
	public CacheIntelligenceMetrics(LayeredCacheManager cacheManager, @Nullable CacheWarming warming,
			@Nullable CacheAnalytics analytics, @Nullable MemoryGuard memoryGuard, @Nullable CacheTuner tuner) {
		this.cacheManager = cacheManager;
		this.warming = warming;
		this.analytics = analytics;
		this.memoryGuard = memoryGuard;
		this.tuner = tuner;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CacheWarming warming = this.warming;
		if (warming != null) {
			FunctionCounter.builder("perfkit.cache.warming.runs", warming, (w) -> w.getStats().runs())
				.description("Warming runs (start-up, scheduled hot keys, warmers)")
				.register(registry);
			FunctionCounter.builder("perfkit.cache.warming.keys", warming, (w) -> w.getStats().keysWarmed())
				.description("Keys and warmers warming succeeded for")
				.register(registry);
			FunctionCounter.builder("perfkit.cache.warming.failures", warming, (w) -> w.getStats().failures())
				.description("Keys and warmers warming failed for")
				.register(registry);
			FunctionTimer
				.builder("perfkit.cache.warming.duration", warming, (w) -> w.getStats().runs(),
						(w) -> w.getStats().totalDuration().toNanos(), TimeUnit.NANOSECONDS)
				.description("Time spent in warming runs")
				.register(registry);
		}
		MemoryGuard guard = this.memoryGuard;
		if (guard != null) {
			Gauge.builder("perfkit.cache.memory.guard.heap.used", guard, MemoryGuard::getLastHeapUsedRatio)
				.description("Share of the heap used after GC at the memory guard's latest check, -1 before it")
				.register(registry);
			FunctionCounter.builder("perfkit.cache.memory.guard.shrinks", guard, MemoryGuard::getShrinkCount)
				.description("L1 shrinks made by the memory guard under heap pressure")
				.register(registry);
			FunctionCounter.builder("perfkit.cache.memory.guard.restores", guard, MemoryGuard::getRestoreCount)
				.description("L1s the memory guard restored to their original maximum")
				.register(registry);
		}
		this.cacheManager.onCacheCreated((cache) -> bindCache(cache, registry));
	}

	private void bindCache(LayeredCache cache, MeterRegistry registry) {
		String name = cache.getName();
		Tags tags = Tags.of("cache", name);
		CacheStatistics statistics = cache.getStatistics();
		Gauge.builder("perfkit.cache.memory.maximum", cache, (c) -> c.policy().getMemoryMaximumSize())
			.tags(tags)
			.description("Current L1 maximum size, as the memory guard and tuning left it")
			.register(registry);
		if (this.warming != null) {
			FunctionCounter.builder("perfkit.cache.warming.entries", statistics, CacheStatistics::getWarmedEntries)
				.tags(tags)
				.description("Entries put into L1 by warming")
				.register(registry);
			FunctionCounter.builder("perfkit.cache.warming.hits", statistics, CacheStatistics::getWarmedHits)
				.tags(tags)
				.description("L1 hits on entries warming put there: its effectiveness")
				.register(registry);
		}
		CacheAnalytics analytics = this.analytics;
		if (analytics != null) {
			Gauge.builder("perfkit.cache.alerts.active", analytics, (a) -> a.activeAlerts(name))
				.tags(tags)
				.description("Cache analytics alerts that hold after the latest sample")
				.register(registry);
		}
		FunctionCounter
			.builder("perfkit.cache.misses.after.eviction", statistics, CacheStatistics::getMissesAfterEviction)
			.tags(tags)
			.description("L1 misses on keys L1 had recently evicted for size")
			.register(registry);
		MemoryGuard guard = this.memoryGuard;
		if (guard != null) {
			Gauge.builder("perfkit.cache.memory.guard.shrunk", guard, (g) -> g.getShrunk().containsKey(name) ? 1 : 0)
				.tags(tags)
				.description("Whether the memory guard holds the cache's L1 shrunk (1) or not (0)")
				.register(registry);
		}
		CacheTuner tuner = this.tuner;
		if (tuner != null) {
			FunctionCounter.builder("perfkit.cache.tuning.changes", tuner, (t) -> t.getChangeCount(name))
				.tags(tags)
				.description("Changes automatic tuning made to the cache")
				.register(registry);
		}
	}

}
