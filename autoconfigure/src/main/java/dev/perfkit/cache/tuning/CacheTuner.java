package dev.perfkit.cache.tuning;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;

/**
 * Grows the L1 of caches whose L1 is full and misses more than the target allows, one strategy step per call, up to
 * a configured maximum; does nothing while the memory guard holds caches shrunk. Every change is logged, kept in a
 * bounded history with the hit ratio before it, and can be reverted.
 *
 * @since 0.1.0
 */
public class CacheTuner {

	private static final Log logger = LogFactory.getLog(CacheTuner.class);

	private static final int HISTORY = 100;

	private static final double TARGET_HIT_RATIO = 0.8;

	private final LayeredCacheManager cacheManager;

	private final CacheAnalytics analytics;

	private final TuningStrategy strategy;

	private final long maximumSize;

	private final BooleanSupplier memoryPressure;

	private final Deque<Change> changes = new ArrayDeque<>();

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	/**
	 * Creates a tuner.
	 * @param cacheManager the caches to tune
	 * @param analytics where the measurements come from
	 * @param strategy how far one step goes
	 * @param maximumSize largest L1 maximum the tuner sets
	 * @param memoryPressure whether the memory guard currently holds caches shrunk
	 */
	public CacheTuner(LayeredCacheManager cacheManager, CacheAnalytics analytics, TuningStrategy strategy,
			long maximumSize, BooleanSupplier memoryPressure) {
		this.cacheManager = cacheManager;
		this.analytics = analytics;
		this.strategy = strategy;
		this.maximumSize = maximumSize;
		this.memoryPressure = memoryPressure;
	}

	/**
	 * Applies one tuning step to every cache from its latest analytics snapshot.
	 * @return the changes made
	 */
	public synchronized List<Change> tune() {
		if (this.memoryPressure.getAsBoolean()) {
			return List.of();
		}
		Deque<Change> made = new ArrayDeque<>();
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			CacheAnalytics.Report report = this.analytics.report(name);
			if (cache == null || report == null || !cache.getSettings().memoryEnabled()) {
				continue;
			}
			double hitRatio = report.latest().memoryHitRatio();
			long before = cache.getMemoryMaximumSize();
			if (hitRatio >= TARGET_HIT_RATIO || report.latest().memorySize() < before * 0.95
					|| before >= this.maximumSize) {
				continue;
			}
			long after = Math.min(this.maximumSize, Math.max(before + 1, (long) (before * factor(hitRatio))));
			cache.setMemoryMaximumSize(after);
			Change change = new Change(name, "memory.maximum-size", before, after, hitRatio, Instant.now());
			record(change);
			made.add(change);
			logger.info(String.format("Tuning (%s): cache '%s' L1 hit ratio %.0f%% with L1 full, "
					+ "memory.maximum-size %d -> %d", this.strategy.name().toLowerCase(java.util.Locale.ROOT), name,
					hitRatio * 100, before, after));
		}
		return List.copyOf(made);
	}

	/**
	 * Reverts every change, newest first.
	 */
	public synchronized void revertAll() {
		while (!this.changes.isEmpty()) {
			Change change = this.changes.removeLast();
			LayeredCache cache = this.cacheManager.getLayeredCache(change.cache());
			if (cache != null) {
				cache.setMemoryMaximumSize(change.before());
				logger.info("Tuning reverted: cache '" + change.cache() + "' memory.maximum-size " + change.after()
						+ " -> " + change.before());
			}
		}
	}

	/**
	 * The changes made, oldest first.
	 * @return the history
	 */
	public synchronized List<Change> getChanges() {
		return List.copyOf(this.changes);
	}

	private double factor(double hitRatio) {
		return switch (this.strategy) {
			case CONSERVATIVE -> 1.25;
			case BALANCED -> 1.5;
			case AGGRESSIVE -> 2.0;
			case ADAPTIVE -> Math.max(1.25, Math.min(4, TARGET_HIT_RATIO / Math.max(0.05, hitRatio)));
		};
	}

	/**
	 * Changes made to a cache since start, reverts not subtracted.
	 * @param cache the cache name
	 * @return the number of changes
	 */
	public long getChangeCount(String cache) {
		AtomicLong count = this.counts.get(cache);
		return (count != null) ? count.get() : 0;
	}

	private void record(Change change) {
		this.counts.computeIfAbsent(change.cache(), (name) -> new AtomicLong()).incrementAndGet();
		if (this.changes.size() == HISTORY) {
			this.changes.removeFirst();
		}
		this.changes.addLast(change);
	}

	/**
	 * One tuning change.
	 *
	 * @param cache the cache
	 * @param parameter what changed
	 * @param before the value before
	 * @param after the value after
	 * @param hitRatioBefore the L1 hit ratio that led to the change
	 * @param at when
	 */
	public record Change(String cache, String parameter, long before, long after, double hitRatioBefore, Instant at) {

	}

}
