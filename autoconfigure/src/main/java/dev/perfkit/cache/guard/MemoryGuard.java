package dev.perfkit.cache.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.perfkit.cache.CacheStatistics;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Gives memory back under heap pressure: while {@link HeapPressure} is above the threshold, each check shrinks the
 * L1 of one cache (the largest, and among equals the least hit) by the shrink factor, never below the minimum size;
 * once the pressure is below the threshold, each check gives every shrunk cache back one restore step of its original
 * maximum.
 *
 * @since 0.1.0
 */
public class MemoryGuard implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(MemoryGuard.class);

	private final LayeredCacheManager cacheManager;

	private final HeapPressure pressure;

	private final Settings settings;

	private final Map<String, Long> originals = new ConcurrentHashMap<>();

	private final AtomicLong shrinks = new AtomicLong();

	private final AtomicLong restores = new AtomicLong();

	private volatile double lastHeapUsed = -1;

	private @Nullable TaskScheduler scheduler;

	private @Nullable ThreadPoolTaskScheduler ownScheduler;

	private @Nullable ScheduledFuture<?> schedule;

	/**
	 * Creates the guard.
	 * @param cacheManager the caches to shrink
	 * @param pressure the heap signal
	 * @param settings threshold and steps
	 * @param scheduler runs the checks, or {@code null} for a daemon scheduler of its own
	 */
	public MemoryGuard(LayeredCacheManager cacheManager, HeapPressure pressure, Settings settings,
			@Nullable TaskScheduler scheduler) {
		this.cacheManager = cacheManager;
		this.pressure = pressure;
		this.settings = settings;
		this.scheduler = scheduler;
	}

	@Override
	public void afterSingletonsInstantiated() {
		TaskScheduler scheduler = this.scheduler;
		if (scheduler == null) {
			ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
			own.setThreadNamePrefix("perfkit-memory-guard-");
			own.setDaemon(true);
			own.initialize();
			this.ownScheduler = own;
			scheduler = own;
		}
		this.schedule = scheduler.scheduleWithFixedDelay(this::check,
				Instant.now().plus(this.settings.checkInterval()), this.settings.checkInterval());
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
	 * Reads the signal once and shrinks or restores.
	 * @return {@code true} while under pressure
	 */
	public boolean check() {
		double used = this.pressure.heapUsedRatio();
		this.lastHeapUsed = used;
		if (used > this.settings.heapThreshold()) {
			shrinkOne(used);
			return true;
		}
		restoreStep();
		return false;
	}

	/**
	 * Caches currently shrunk, with their original L1 maximum.
	 * @return original maximum by cache name
	 */
	public Map<String, Long> getShrunk() {
		return Map.copyOf(this.originals);
	}

	/**
	 * Share of the heap used after GC at the latest check.
	 * @return the ratio, or -1 before the first check
	 */
	public double getLastHeapUsedRatio() {
		return this.lastHeapUsed;
	}

	/**
	 * Shrinks made since start.
	 * @return the number of shrinks
	 */
	public long getShrinkCount() {
		return this.shrinks.get();
	}

	/**
	 * Caches fully restored to their original L1 maximum since start.
	 * @return the number of restores
	 */
	public long getRestoreCount() {
		return this.restores.get();
	}

	private void shrinkOne(double used) {
		List<LayeredCache> candidates = new ArrayList<>();
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache != null && cache.policy().getMemoryMaximumSize() > this.settings.minimumSize()) {
				candidates.add(cache);
			}
		}
		candidates.sort(Comparator.comparingLong(LayeredCache::getMemorySize)
			.reversed()
			.thenComparingDouble(MemoryGuard::memoryHitRatio));
		if (candidates.isEmpty()) {
			return;
		}
		LayeredCache cache = candidates.get(0);
		long before = cache.policy().getMemoryMaximumSize();
		this.originals.putIfAbsent(cache.getName(), before);
		long after = Math.max(this.settings.minimumSize(), (long) (before * this.settings.shrinkFactor()));
		cache.policy().setMemoryMaximumSize(after);
		this.shrinks.incrementAndGet();
		logger.warn(String.format("Heap %.0f%% used after GC (threshold %.0f%%): L1 of cache '%s' shrunk from %d to %d",
				used * 100, this.settings.heapThreshold() * 100, cache.getName(), before, after));
	}

	private void restoreStep() {
		for (Map.Entry<String, Long> entry : this.originals.entrySet()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(entry.getKey());
			if (cache == null) {
				this.originals.remove(entry.getKey());
				continue;
			}
			long original = entry.getValue();
			long step = Math.max(1, (long) (original * this.settings.restoreStep()));
			long next = Math.min(original, cache.policy().getMemoryMaximumSize() + step);
			cache.policy().setMemoryMaximumSize(next);
			if (next >= original) {
				this.originals.remove(entry.getKey());
				this.restores.incrementAndGet();
				logger.info("L1 of cache '" + entry.getKey() + "' restored to " + original);
			}
		}
	}

	private static double memoryHitRatio(LayeredCache cache) {
		CacheStatistics statistics = cache.getStatistics();
		if (!statistics.getLayers().contains("memory")) {
			return 0;
		}
		long hits = statistics.getHits("memory");
		long reads = hits + statistics.getMisses("memory");
		return (reads > 0) ? (double) hits / reads : 0;
	}

	/**
	 * Threshold and steps.
	 *
	 * @param heapThreshold share of the heap used after GC above which L1s shrink
	 * @param checkInterval time between two checks
	 * @param shrinkFactor what a shrink multiplies the L1 maximum by
	 * @param minimumSize smallest L1 maximum a shrink leaves
	 * @param restoreStep share of the original maximum given back per check once the pressure is over
	 */
	public record Settings(double heapThreshold, Duration checkInterval, double shrinkFactor, long minimumSize,
			double restoreStep) {

	}

}
