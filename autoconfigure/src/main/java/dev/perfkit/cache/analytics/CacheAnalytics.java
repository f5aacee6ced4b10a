package dev.perfkit.cache.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.perfkit.cache.CacheStatistics;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Samples every cache of a manager into a bounded window of {@link Snapshot snapshots}, scores its health 0–100,
 * raises alerts (as {@link CacheAlertEvent application events}) and words recommendations with numbers.
 * <p>
 * Alerts: {@code hit-ratio} (critical or warning below the thresholds), {@code response-time} (critical above it) and
 * {@code memory} (warning when L1 holds more than the memory share of its maximum). A recommendation to raise an L1's
 * size is only made when enough of its misses follow evictions (see {@link CacheStatistics#getMissesAfterEviction()}).
 * <p>
 * Health score weights: hit ratio 50 (full at 80% and above), layer availability 20 (none while a value type is
 * refused by the lower layers, see {@link CacheStatistics#getRefusedTypes()}), load errors 15 (none = 15), mean load
 * time 15 (full below 100 ms, none at the critical response time). An interval without reads has no hit ratio (no
 * data, not 0%): the latest interval with reads is judged, and before any the other components are scaled to 100.
 *
 * @since 0.1.0
 */
public class CacheAnalytics implements SmartInitializingSingleton, DisposableBean {

	// below this share of L1 misses following evictions, a larger L1 would barely help
	private static final double MEANINGFUL_EVICTION_MISSES = 0.05;

	private final LayeredCacheManager cacheManager;

	private final @Nullable ApplicationEventPublisher publisher;

	private final Thresholds thresholds;

	private final int window;

	private final Map<String, State> states = new ConcurrentHashMap<>();

	private final List<Runnable> sampleListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	private @Nullable TaskScheduler scheduler;

	private @Nullable Duration interval;

	private @Nullable ThreadPoolTaskScheduler ownScheduler;

	private @Nullable ScheduledFuture<?> schedule;

	// a cache's first interval starts here, not at its first sample (which would make it last a few microseconds)
	private final long createdNanos = System.nanoTime();

	/**
	 * Creates the analytics.
	 * @param cacheManager the caches to sample
	 * @param publisher where alerts go, or {@code null}
	 * @param thresholds alert thresholds
	 * @param window how many snapshots are kept per cache
	 */
	public CacheAnalytics(LayeredCacheManager cacheManager, @Nullable ApplicationEventPublisher publisher,
			Thresholds thresholds, int window) {
		this.cacheManager = cacheManager;
		this.publisher = publisher;
		this.thresholds = thresholds;
		this.window = window;
	}

	/**
	 * Samples on a schedule once every singleton exists.
	 * @param scheduler the scheduler, or {@code null} for a daemon one of its own
	 * @param interval time between samples
	 */
	public void scheduleSampling(@Nullable TaskScheduler scheduler, Duration interval) {
		this.scheduler = scheduler;
		this.interval = interval;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Duration interval = this.interval;
		if (interval == null) {
			return;
		}
		TaskScheduler scheduler = this.scheduler;
		if (scheduler == null) {
			ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
			own.setThreadNamePrefix("perfkit-cache-analytics-");
			own.setDaemon(true);
			own.initialize();
			this.ownScheduler = own;
			scheduler = own;
		}
		this.schedule = scheduler.scheduleAtFixedRate(this::sample, Instant.now().plus(interval), interval);
	}

	@Override
	public void destroy() {
		if (this.schedule != null) {
			this.schedule.cancel(false);
		}
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
		}
	}

	/**
	 * Takes one snapshot of every cache, with the counters' change since the previous one.
	 */
	public void sample() {
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache != null) {
				this.states.computeIfAbsent(name, (key) -> new State(this.createdNanos)).sample(cache);
			}
		}
		for (Runnable listener : this.sampleListeners) {
			listener.run();
		}
	}

	/**
	 * Runs a listener after every sample of all caches; how tuning follows the measurements.
	 * @param listener the listener
	 */
	public void onSample(Runnable listener) {
		this.sampleListeners.add(listener);
	}

	/**
	 * The analysis of one cache, from its latest snapshot.
	 * @param name the cache name
	 * @return the report, or {@code null} before the first snapshot
	 */
	public @Nullable Report report(String name) {
		State state = this.states.get(name);
		LayeredCache cache = this.cacheManager.getLayeredCache(name);
		return (state != null && cache != null) ? state.report(cache) : null;
	}

	/**
	 * Health score of one cache from its latest sample, cheap enough for a gauge.
	 * @param name the cache name
	 * @return 0 to 100, or -1 before the first sample
	 */
	public int healthScore(String name) {
		State state = this.states.get(name);
		return (state != null) ? state.score : -1;
	}

	/**
	 * Alerts that hold for one cache after its latest sample.
	 * @param name the cache name
	 * @return the number of active alerts
	 */
	public int activeAlerts(String name) {
		State state = this.states.get(name);
		return (state != null) ? state.raised.size() : 0;
	}

	private final class State {

		private final Deque<Snapshot> snapshots = new ArrayDeque<>();

		private long hits;

		private long misses;

		private long memoryHits;

		private long memoryMisses;

		private long loads;

		private long loadNanos;

		private long failures;

		private long afterEviction;

		private long expired;

		private long lastNanos;

		private long[] loadHistogram = new long[CacheStatistics.LOAD_BUCKETS];

		private long[] nextLoadHistogram = new long[CacheStatistics.LOAD_BUCKETS];

		private volatile int score = -1;

		private final Map<String, Alert> raised = new ConcurrentHashMap<>();

		State(long startNanos) {
			this.lastNanos = startNanos;
		}

		private void publish(LayeredCache cache, Alert alert, boolean resolved) {
			ApplicationEventPublisher publisher = CacheAnalytics.this.publisher;
			if (publisher != null) {
				publisher.publishEvent(new CacheAlertEvent(CacheAnalytics.this, cache.getName(), alert, resolved));
			}
		}

		synchronized void sample(LayeredCache cache) {
			CacheStatistics statistics = cache.getStatistics();
			long now = System.nanoTime();
			long hits = statistics.getHits();
			long misses = statistics.getMisses();
			boolean l1 = statistics.getLayers().contains("memory");
			long memoryHits = l1 ? statistics.getHits("memory") : 0;
			long memoryMisses = l1 ? statistics.getMisses("memory") : 0;
			long loads = statistics.getLoads();
			long loadNanos = statistics.getTotalLoadNanos();
			long failures = statistics.getLoadFailures();
			long dHits = hits - this.hits;
			long dMisses = misses - this.misses;
			long dMemoryHits = memoryHits - this.memoryHits;
			long dMemoryMisses = memoryMisses - this.memoryMisses;
			long dLoads = loads - this.loads;
			long dFailures = failures - this.failures;
			double seconds = Math.max(1e-3, (now - this.lastNanos) / 1e9);
			double meanLoadMillis = (dLoads > 0) ? (loadNanos - this.loadNanos) / 1e6 / dLoads : 0;
			long afterEviction = statistics.getMissesAfterEviction();
			long expired = statistics.getExpiredMisses();
			long[] histogram = statistics.copyLoadHistogram(this.nextLoadHistogram);
			double p95LoadMillis = p95Millis(histogram, this.loadHistogram);
			this.nextLoadHistogram = this.loadHistogram;
			this.loadHistogram = histogram;
			long memorySize = cache.getMemorySize();
			long meanBytes = statistics.getMeanSerializedBytes();
			Snapshot snapshot = new Snapshot(Instant.now(), ratioOrNoData(dHits, dHits + dMisses),
					l1 ? ratioOrNoData(dMemoryHits, dMemoryHits + dMemoryMisses) : null, meanLoadMillis, p95LoadMillis, memorySize,
					(meanBytes >= 0) ? memorySize * meanBytes : -1,
					(dHits + dMisses) / seconds, ratio(dFailures, dLoads + dFailures), dHits,
					Duration.ofNanos((long) (dHits * meanLoadMillis * 1e6)), cache.policy().getMemoryMaximumSize(),
					Math.min(1, ratio(afterEviction - this.afterEviction, dMemoryMisses)),
					Math.min(1, ratio(expired - this.expired, dMisses)));
			this.afterEviction = afterEviction;
			this.expired = expired;
			this.hits = hits;
			this.misses = misses;
			this.memoryHits = memoryHits;
			this.memoryMisses = memoryMisses;
			this.loads = loads;
			this.loadNanos = loadNanos;
			this.failures = failures;
			this.lastNanos = now;
			if (this.snapshots.size() == CacheAnalytics.this.window) {
				this.snapshots.removeFirst();
			}
			this.snapshots.addLast(snapshot);
			Report report = report(cache);
			this.score = report.healthScore();
			List<String> holding = new ArrayList<>();
			for (Alert alert : report.alerts()) {
				holding.add(alert.rule());
				Alert before = this.raised.put(alert.rule(), alert);
				if (before != null && !before.level().equals(alert.level())) {
					publish(cache, before, true);
				}
				if (before == null || !before.level().equals(alert.level())) {
					publish(cache, alert, false);
				}
			}
			for (String rule : List.copyOf(this.raised.keySet())) {
				if (!holding.contains(rule)) {
					Alert cleared = this.raised.remove(rule);
					if (cleared != null) {
						publish(cache, cleared, true);
					}
				}
			}
		}

		/** 95th percentile of the loads between two copies of the histogram, from its bucket bounds. */
		private static double p95Millis(long[] now, long[] before) {
			long total = 0;
			for (int i = 0; i < now.length; i++) {
				total += now[i] - before[i];
			}
			if (total == 0) {
				return 0;
			}
			long rank = (long) Math.ceil(total * 0.95);
			long seen = 0;
			for (int i = 0; i < now.length; i++) {
				seen += now[i] - before[i];
				if (seen >= rank) {
					return CacheStatistics.loadBucketUpperNanos(i) / 1e6;
				}
			}
			return CacheStatistics.loadBucketUpperNanos(now.length - 1) / 1e6;
		}

		synchronized Report report(LayeredCache cache) {
			// an idle period says nothing about the cache: judge the latest snapshot that saw reads
			Snapshot last = this.snapshots.getLast();
			java.util.Iterator<Snapshot> newestFirst = this.snapshots.descendingIterator();
			while (newestFirst.hasNext()) {
				Snapshot snapshot = newestFirst.next();
				if (snapshot.readsPerSecond() > 0) {
					last = snapshot;
					break;
				}
			}
			Thresholds limits = CacheAnalytics.this.thresholds;
			double criticalMillis = limits.criticalResponseTime().toMillis();
			Map<String, String> refused = cache.getStatistics().getRefusedTypes();
			// values the lower layers refused are in memory only: the layers component is lost while any type is
			double others = 20 * cache.getHealthScore() / 100.0 * (refused.isEmpty() ? 1 : 0)
					+ 15 * (1 - last.errorRate()) + 15 * Math.max(0,
							Math.min(1, 1 - (last.meanLoadMillis() - 100) / Math.max(1, criticalMillis - 100)));
			Double hitRatio = last.hitRatio();
			// no reads yet: no hit ratio to judge, the score is the other components' share
			int score = (int) Math.round(
					(hitRatio != null) ? 50 * Math.min(1, hitRatio / 0.8) + others : others * 100 / 50);
			List<Alert> alerts = new ArrayList<>();
			boolean active = hitRatio != null;
			if (hitRatio == null) {
				// no reads yet: nothing to alert on or recommend
			}
			else if (hitRatio < limits.criticalHitRatio()) {
				alerts.add(new Alert("hit-ratio", "critical", cache.getName() + ": hit ratio " + pct(hitRatio)
						+ " is below " + pct(limits.criticalHitRatio()), hitRatio, "<", limits.criticalHitRatio()));
			}
			else if (hitRatio < limits.warningHitRatio()) {
				alerts.add(new Alert("hit-ratio", "warning", cache.getName() + ": hit ratio " + pct(hitRatio)
						+ " is below " + pct(limits.warningHitRatio()), hitRatio, "<", limits.warningHitRatio()));
			}
			if (!refused.isEmpty()) {
				alerts.add(new Alert("fidelity", "warning", cache.getName() + ": values of " + refused.keySet()
						+ " are kept in memory only, not in Redis/SQLite (they would not read back equal)",
						cache.getStatistics().getRefusedValues(), ">", 0));
			}
			if (last.meanLoadMillis() > criticalMillis) {
				alerts.add(new Alert("response-time", "critical", cache.getName() + ": mean load time "
						+ Math.round(last.meanLoadMillis()) + " ms is above " + Math.round(criticalMillis) + " ms",
						last.meanLoadMillis(), ">", criticalMillis));
			}
			long maximum = last.memoryMaximumSize();
			double usage = (maximum > 0) ? (double) Math.min(last.memorySize(), maximum) / maximum : 0;
			if (active && cache.getSettings().memoryEnabled() && usage > limits.warningMemoryUsage()) {
				alerts.add(new Alert("memory", "warning", String.format(Locale.ROOT,
						"%s: L1 holds %,d of %,d entries (%.0f%%), above %s", cache.getName(),
						Math.min(last.memorySize(), maximum), maximum, usage * 100, pct(limits.warningMemoryUsage())),
						usage, ">", limits.warningMemoryUsage()));
			}
			List<String> recommendations = new ArrayList<>();
			double memoryHitRatio = (last.memoryHitRatio() != null) ? last.memoryHitRatio() : 0;
			if (active && cache.getSettings().memoryEnabled() && last.memoryHitRatio() != null && memoryHitRatio < 0.8
					&& last.memorySize() >= maximum * 0.95) {
				if (last.missesAfterEviction() >= MEANINGFUL_EVICTION_MISSES) {
					long suggested = round(
							maximum * Math.min(4, Math.max(2, 0.8 / Math.max(0.05, memoryHitRatio))));
					recommendations.add(String.format(Locale.ROOT,
							"%s: L1 hit ratio %.0f%% with L1 full (%,d of %,d entries), %.0f%% of misses follow "
									+ "evictions — raise memory.maximum-size to about %,d",
							cache.getName(), memoryHitRatio * 100, Math.min(last.memorySize(), maximum),
							maximum, last.missesAfterEviction() * 100, suggested));
				}
				else {
					recommendations.add(String.format(Locale.ROOT,
							"%s: L1 hit ratio %.0f%% with L1 full, but only %.0f%% of misses follow evictions — "
									+ "most misses are first reads or expiries, a larger L1 would not help",
							cache.getName(), memoryHitRatio * 100, last.missesAfterEviction() * 100));
				}
			}
			for (Map.Entry<String, String> type : refused.entrySet()) {
				recommendations.add(cache.getName() + ": " + type.getKey() + " is kept in memory only: "
						+ type.getValue());
			}
			if (last.errorRate() > 0.05) {
				recommendations.add(String.format(Locale.ROOT,
						"%s: %.0f%% of loads fail — check the loader; failed loads are never cached", cache.getName(),
						last.errorRate() * 100));
			}
			return new Report(cache.getName(), score, last, List.copyOf(this.snapshots), alerts, recommendations);
		}

	}

	private static String pct(double ratio) {
		return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
	}

	private static long round(double value) {
		long magnitude = (long) Math.pow(10, Math.max(0, (long) Math.log10(Math.max(1, value)) - 1));
		return Math.round(value / magnitude) * magnitude;
	}

	private static double ratio(long part, long total) {
		return (total > 0) ? (double) part / total : 0;
	}

	private static @Nullable Double ratioOrNoData(long part, long total) {
		return (total > 0) ? (double) part / total : null;
	}

	/**
	 * Alert thresholds; defaults after seed 001.
	 *
	 * @param criticalHitRatio hit ratio below which an alert is critical
	 * @param warningHitRatio hit ratio below which an alert is a warning
	 * @param criticalResponseTime mean load time above which an alert is critical
	 * @param warningMemoryUsage share of its maximum size above which a full L1 raises a warning
	 */
	public record Thresholds(double criticalHitRatio, double warningHitRatio, Duration criticalResponseTime,
			double warningMemoryUsage) {

		/**
		 * Thresholds with the default memory warning, L1 at 80% of its maximum.
		 * @param criticalHitRatio hit ratio below which an alert is critical
		 * @param warningHitRatio hit ratio below which an alert is a warning
		 * @param criticalResponseTime mean load time above which an alert is critical
		 */
		public Thresholds(double criticalHitRatio, double warningHitRatio, Duration criticalResponseTime) {
			this(criticalHitRatio, warningHitRatio, criticalResponseTime, 0.8);
		}

	}

	/**
	 * One sample of one cache, over the time since the previous sample.
	 *
	 * @param at when it was taken
	 * @param hitRatio reads answered by any layer, {@code null} (no data) for an interval without reads
	 * @param memoryHitRatio reads answered by L1, {@code null} for an interval without reads or a cache without L1
	 * @param meanLoadMillis mean loader time
	 * @param p95LoadMillis 95th percentile of the loader time (upper bound of its histogram bucket, within 19%)
	 * @param memorySize L1 entries
	 * @param estimatedBytes L1 entries times the mean serialized (JSON, uncompressed) size of the values written to
	 * the lower layers, -1 for a cache without lower layers; objects on the heap are usually larger than their JSON
	 * @param readsPerSecond throughput
	 * @param errorRate failed loads over loads
	 * @param loadsAvoided hits, each a load not made
	 * @param timeSaved hits times the mean load time
	 * @param memoryMaximumSize L1 maximum at the time, as the memory guard and tuning left it
	 * @param missesAfterEviction share of L1 misses on keys L1 had recently evicted for size
	 * @param expiredMisses share of misses on entries found only past their time-to-live
	 */
	public record Snapshot(Instant at, @Nullable Double hitRatio, @Nullable Double memoryHitRatio, double meanLoadMillis,
			double p95LoadMillis, long memorySize, long estimatedBytes, double readsPerSecond, double errorRate, long loadsAvoided, Duration timeSaved, long memoryMaximumSize,
			double missesAfterEviction, double expiredMisses) {

	}

	/**
	 * An alert.
	 *
	 * @param rule {@code hit-ratio}, {@code response-time} or {@code memory}
	 * @param level {@code warning} or {@code critical}
	 * @param message what happened, with numbers
	 * @param value the measured value (a ratio, or milliseconds for the response time)
	 * @param condition how the value compares with the threshold, {@code <} or {@code >}
	 * @param threshold the threshold it crossed
	 */
	public record Alert(String rule, String level, String message, double value, String condition, double threshold) {

	}

	/**
	 * The analysis of one cache.
	 *
	 * @param cache the cache name
	 * @param healthScore 0 to 100, see the class documentation for the weights; shown once, as the cache's
	 * {@code healthScore}, by the endpoint
	 * @param latest the latest snapshot
	 * @param snapshots the window, oldest first
	 * @param alerts the alerts that hold now
	 * @param recommendations what to change, in words
	 */
	public record Report(String cache, @JsonIgnore int healthScore, Snapshot latest, List<Snapshot> snapshots, List<Alert> alerts,
			List<String> recommendations) {

	}

}
