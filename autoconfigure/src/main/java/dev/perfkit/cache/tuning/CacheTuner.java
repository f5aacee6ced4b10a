package dev.perfkit.cache.tuning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;

/**
 * Tunes caches from their latest analytics snapshot, one strategy step per call:
 * <ul>
 * <li>grows the L1 of a cache whose L1 is full and misses more than the target allows, up to a configured maximum
 * size;</li>
 * <li>when a maximum TTL is configured, lengthens the time-to-live of a cache that misses more than the target allows
 * while at least a fifth of its misses find entries past their TTL, never beyond that maximum (TTLs are only ever
 * raised, so the configured TTL is the lower bound).</li>
 * </ul>
 * Does nothing while the memory guard holds caches shrunk. Every change is logged, kept in a bounded history with the
 * hit ratio before it and, after the next sample, after it (also logged), and can be reverted.
 *
 * @since 0.1.0
 */
public class CacheTuner {

	private static final Log logger = LogFactory.getLog(CacheTuner.class);

	private static final int HISTORY = 100;

	private static final double TARGET_HIT_RATIO = 0.8;

	private static final double EXPIRED_MISSES = 0.2;

	private final LayeredCacheManager cacheManager;

	private final CacheAnalytics analytics;

	private final TuningStrategy strategy;

	private final long maximumSize;

	private final @Nullable Duration maximumTtl;

	private final BooleanSupplier memoryPressure;

	private final Deque<Change> changes = new ArrayDeque<>();

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	/**
	 * Creates a tuner of L1 sizes only.
	 * @param cacheManager the caches to tune
	 * @param analytics where the measurements come from
	 * @param strategy how far one step goes
	 * @param maximumSize largest L1 maximum the tuner sets
	 * @param memoryPressure whether the memory guard currently holds caches shrunk
	 */
	public CacheTuner(LayeredCacheManager cacheManager, CacheAnalytics analytics, TuningStrategy strategy,
			long maximumSize, BooleanSupplier memoryPressure) {
		this(cacheManager, analytics, strategy, maximumSize, null, memoryPressure);
	}

	/**
	 * Creates a tuner.
	 * @param cacheManager the caches to tune
	 * @param analytics where the measurements come from
	 * @param strategy how far one step goes
	 * @param maximumSize largest L1 maximum the tuner sets
	 * @param maximumTtl longest time-to-live the tuner sets, or {@code null} to leave TTLs alone
	 * @param memoryPressure whether the memory guard currently holds caches shrunk
	 */
	public CacheTuner(LayeredCacheManager cacheManager, CacheAnalytics analytics, TuningStrategy strategy,
			long maximumSize, @Nullable Duration maximumTtl, BooleanSupplier memoryPressure) {
		this.cacheManager = cacheManager;
		this.analytics = analytics;
		this.strategy = strategy;
		this.maximumSize = maximumSize;
		this.maximumTtl = maximumTtl;
		this.memoryPressure = memoryPressure;
	}

	/**
	 * Records the effect of earlier changes, then applies one tuning step to every cache from its latest analytics
	 * snapshot.
	 * @return the changes made
	 */
	public synchronized List<Change> tune() {
		recordEffects();
		if (this.memoryPressure.getAsBoolean()) {
			return List.of();
		}
		Deque<Change> made = new ArrayDeque<>();
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			CacheAnalytics.Report report = this.analytics.report(name);
			if (cache == null || report == null) {
				continue;
			}
			Change size = tuneSize(cache, report.latest());
			if (size != null) {
				made.add(size);
			}
			Change ttl = tuneTtl(cache, report.latest());
			if (ttl != null) {
				made.add(ttl);
			}
		}
		return List.copyOf(made);
	}

	private @Nullable Change tuneSize(LayeredCache cache, CacheAnalytics.Snapshot latest) {
		Double memoryHitRatio = latest.memoryHitRatio();
		if (memoryHitRatio == null) {
			return null;
		}
		double hitRatio = memoryHitRatio;
		long before = cache.policy().getMemoryMaximumSize();
		if (!cache.getSettings().memoryEnabled() || hitRatio >= TARGET_HIT_RATIO || latest.memorySize() < before * 0.95
				|| before >= this.maximumSize) {
			return null;
		}
		long after = Math.min(this.maximumSize, Math.max(before + 1, (long) (before * factor(hitRatio))));
		cache.policy().setMemoryMaximumSize(after);
		Change change = record(new Change(cache.getName(), "memory.maximum-size", before, after, hitRatio, Instant.now(),
				null));
		logger.info(String.format(Locale.ROOT,
				"Tuning (%s): cache '%s' L1 hit ratio %.0f%% with L1 full, memory.maximum-size %d -> %d",
				strategyName(), cache.getName(), hitRatio * 100, before, after));
		return change;
	}

	private @Nullable Change tuneTtl(LayeredCache cache, CacheAnalytics.Snapshot latest) {
		Duration maximum = this.maximumTtl;
		Duration before = cache.policy().getTtl();
		Double measured = latest.hitRatio();
		if (measured == null) {
			return null;
		}
		double hitRatio = measured;
		if (maximum == null || latest.readsPerSecond() == 0 || hitRatio >= TARGET_HIT_RATIO
				|| latest.expiredMisses() < EXPIRED_MISSES || before.compareTo(maximum) >= 0) {
			return null;
		}
		long afterMillis = Math.min(maximum.toMillis(),
				Math.max(before.toMillis() + 1, (long) (before.toMillis() * factor(hitRatio))));
		cache.policy().setTtl(Duration.ofMillis(afterMillis));
		Change change = record(new Change(cache.getName(), "ttl", before.toMillis(), afterMillis, hitRatio,
				Instant.now(), null));
		logger.info(String.format(Locale.ROOT,
				"Tuning (%s): cache '%s' hit ratio %.0f%% with %.0f%% of misses on expired entries, ttl %s -> %s "
						+ "(maximum %s)",
				strategyName(), cache.getName(), hitRatio * 100, latest.expiredMisses() * 100, before,
				Duration.ofMillis(afterMillis), maximum));
		return change;
	}

	/**
	 * Reverts every change, newest first.
	 */
	public synchronized void revertAll() {
		while (!this.changes.isEmpty()) {
			Change change = this.changes.removeLast();
			LayeredCache cache = this.cacheManager.getLayeredCache(change.cache());
			if (cache == null) {
				continue;
			}
			if ("ttl".equals(change.parameter())) {
				cache.policy().setTtl(Duration.ofMillis(change.before()));
			}
			else {
				cache.policy().setMemoryMaximumSize(change.before());
			}
			logger.info("Tuning reverted: cache '" + change.cache() + "' " + change.parameter() + " "
					+ change.after() + " -> " + change.before());
		}
	}

	/**
	 * The changes made, oldest first.
	 * @return the history
	 */
	public synchronized List<Change> getChanges() {
		return List.copyOf(this.changes);
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

	// the first sample after a change tells its effect
	private void recordEffects() {
		List<Change> all = List.copyOf(this.changes);
		this.changes.clear();
		for (Change change : all) {
			if (change.hitRatioAfter() == null) {
				CacheAnalytics.Report report = this.analytics.report(change.cache());
				if (report != null && report.latest().at().isAfter(change.at())) {
					boolean ttl = "ttl".equals(change.parameter());
					Double measured = ttl ? report.latest().hitRatio() : report.latest().memoryHitRatio();
					if (measured == null) {
						this.changes.add(change);
						continue;
					}
					double after = measured;
					change = new Change(change.cache(), change.parameter(), change.before(), change.after(),
							change.hitRatioBefore(), change.at(), after);
					logger.info(String.format(Locale.ROOT, "Tuning effect: cache '%s' %s %d -> %d: %s %.0f%% -> %.0f%%",
							change.cache(), change.parameter(), change.before(), change.after(),
							ttl ? "hit ratio" : "L1 hit ratio", change.hitRatioBefore() * 100, after * 100));
				}
			}
			this.changes.addLast(change);
		}
	}

	private String strategyName() {
		return this.strategy.name().toLowerCase(Locale.ROOT);
	}

	private double factor(double hitRatio) {
		return switch (this.strategy) {
			case CONSERVATIVE -> 1.25;
			case BALANCED -> 1.5;
			case AGGRESSIVE -> 2.0;
			case ADAPTIVE -> Math.max(1.25, Math.min(4, TARGET_HIT_RATIO / Math.max(0.05, hitRatio)));
		};
	}

	private Change record(Change change) {
		this.counts.computeIfAbsent(change.cache(), (name) -> new AtomicLong()).incrementAndGet();
		if (this.changes.size() == HISTORY) {
			this.changes.removeFirst();
		}
		this.changes.addLast(change);
		return change;
	}

	/**
	 * One tuning change.
	 *
	 * @param cache the cache
	 * @param parameter {@code memory.maximum-size} (values in entries) or {@code ttl} (values in milliseconds)
	 * @param before the value before
	 * @param after the value after
	 * @param hitRatioBefore the hit ratio that led to the change (of L1 for a size, of the cache for a TTL)
	 * @param at when
	 * @param hitRatioAfter the same hit ratio at the first sample after the change, {@code null} until then
	 */
	public record Change(String cache, String parameter, long before, long after, double hitRatioBefore, Instant at,
			@Nullable Double hitRatioAfter) {

	}

}
