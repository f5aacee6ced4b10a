package dev.perfkit.cache.warming;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

import dev.perfkit.cache.HotKeys.HotKey;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Keeps caches warm: once every singleton exists (before the application is ready) it restores the hot keys
 * persisted by the previous run and copies their entries from L2/L3 into L1; then, on a {@link TaskScheduler}, it
 * persists the current hot keys and runs the {@link CacheWarmer} beans, at most {@code concurrency} tasks at a time.
 * A failing warmer is counted and logged, and does not stop the others. At shutdown the hot keys are persisted again.
 *
 * @since 0.1.0
 */
public class CacheWarming implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(CacheWarming.class);

	private static final int HISTORY = 32;

	private final LayeredCacheManager cacheManager;

	private final HotKeyStore store;

	private final TaskScheduler scheduler;

	private final @Nullable ThreadPoolTaskScheduler ownScheduler;

	private final List<CacheWarmer> warmers;

	private final Settings settings;

	private final ExecutorService workers;

	private final AtomicLong runs = new AtomicLong();

	private final AtomicLong keysWarmed = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong durationNanos = new AtomicLong();

	private final Deque<Run> history = new ArrayDeque<>();

	private @Nullable ScheduledFuture<?> schedule;

	/**
	 * Creates the warming.
	 * @param cacheManager the caches to warm
	 * @param store where hot keys are persisted
	 * @param scheduler runs the periodic work, or {@code null} for a scheduler of its own
	 * @param warmers user warmers
	 * @param settings schedule and bounds
	 */
	public CacheWarming(LayeredCacheManager cacheManager, HotKeyStore store, @Nullable TaskScheduler scheduler,
			List<CacheWarmer> warmers, Settings settings) {
		this.cacheManager = cacheManager;
		this.store = store;
		if (scheduler != null) {
			this.scheduler = scheduler;
			this.ownScheduler = null;
		}
		else {
			ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
			own.setThreadNamePrefix("perfkit-cache-warming-scheduler-");
			own.setDaemon(true);
			own.initialize();
			this.scheduler = own;
			this.ownScheduler = own;
		}
		this.warmers = List.copyOf(warmers);
		this.settings = settings;
		AtomicInteger threads = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(settings.concurrency(), (task) -> {
			Thread thread = new Thread(task, "perfkit-cache-warming-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public void afterSingletonsInstantiated() {
		warmFromLowerLayers();
		Runnable periodic = this::runScheduled;
		if (this.settings.cron() != null) {
			this.schedule = this.scheduler.schedule(periodic, new CronTrigger(this.settings.cron()));
		}
		else {
			this.schedule = this.scheduler.scheduleWithFixedDelay(periodic,
					Instant.now().plus(this.settings.initialDelay()), this.settings.interval());
		}
	}

	/**
	 * Restores persisted hot keys and copies their entries from the lower layers into L1, hottest first.
	 * @return how many keys L1 holds afterwards
	 */
	public int warmFromLowerLayers() {
		long start = System.nanoTime();
		Map<String, List<HotKey>> stored;
		try {
			stored = this.store.load();
		}
		catch (Exception ex) {
			logger.warn("Cannot read the persisted hot keys; starting cold", ex);
			return 0;
		}
		List<Future<Boolean>> tasks = new ArrayList<>();
		for (Map.Entry<String, List<HotKey>> entry : stored.entrySet()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(entry.getKey());
			if (cache == null) {
				continue;
			}
			cache.getHotKeys().restore(entry.getValue());
			for (HotKey key : entry.getValue()) {
				tasks.add(this.workers.submit(() -> cache.warm(key.key())));
			}
		}
		int warmed = 0;
		int failed = 0;
		for (Future<Boolean> task : tasks) {
			try {
				if (task.get()) {
					warmed++;
				}
			}
			catch (Exception ex) {
				failed++;
			}
		}
		if (failed > 0 && logger.isDebugEnabled()) {
			logger.debug(failed + " hot keys could not be warmed at start-up");
		}
		record("startup", warmed, failed, start);
		return warmed;
	}

	/**
	 * Persists the hot keys of every cache.
	 */
	public void persistHotKeys() {
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache == null) {
				continue;
			}
			try {
				this.store.save(name, cache.getHotKeys().top(this.settings.hotKeys()));
			}
			catch (Exception ex) {
				logger.warn("Cannot persist the hot keys of cache '" + name + "'", ex);
			}
		}
	}

	/**
	 * Runs every warmer, at most {@code concurrency} at a time, and waits for them.
	 * @return how many warmers failed
	 */
	public int runWarmers() {
		long start = System.nanoTime();
		List<Future<?>> tasks = new ArrayList<>();
		for (CacheWarmer warmer : this.warmers) {
			tasks.add(this.workers.submit(() -> {
				warmer.warm(this.cacheManager);
				return null;
			}));
		}
		int failed = 0;
		for (Future<?> task : tasks) {
			try {
				task.get();
			}
			catch (Exception ex) {
				failed++;
				logger.warn("Cache warmer failed", (ex.getCause() != null) ? ex.getCause() : ex);
			}
		}
		record("warmers", this.warmers.size() - failed, failed, start);
		return failed;
	}

	/**
	 * Counters and the recent runs.
	 * @return the statistics
	 */
	public Stats getStats() {
		synchronized (this.history) {
			return new Stats(this.runs.get(), this.keysWarmed.get(), this.failures.get(),
					Duration.ofNanos(this.durationNanos.get()), List.copyOf(this.history));
		}
	}

	@Override
	public void destroy() {
		ScheduledFuture<?> schedule = this.schedule;
		if (schedule != null) {
			schedule.cancel(false);
		}
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
		}
		this.workers.shutdownNow();
		persistHotKeys();
	}

	private void runScheduled() {
		persistHotKeys();
		runWarmers();
	}

	private void record(String kind, int warmed, int failed, long startNanos) {
		this.runs.incrementAndGet();
		this.keysWarmed.addAndGet(warmed);
		this.failures.addAndGet(failed);
		long nanos = System.nanoTime() - startNanos;
		this.durationNanos.addAndGet(nanos);
		Run run = new Run(kind, Instant.now(), warmed, failed, Duration.ofNanos(nanos));
		synchronized (this.history) {
			if (this.history.size() == HISTORY) {
				this.history.removeFirst();
			}
			this.history.addLast(run);
		}
	}

	/**
	 * Schedule and bounds of the warming.
	 *
	 * @param initialDelay delay before the first scheduled run
	 * @param interval delay between scheduled runs
	 * @param cron cron expression used instead of the interval, or {@code null}
	 * @param concurrency how many warming tasks run at once
	 * @param hotKeys how many hot keys per cache are persisted and warmed
	 */
	public record Settings(Duration initialDelay, Duration interval, @Nullable String cron, int concurrency,
			int hotKeys) {

	}

	/**
	 * One warming run.
	 *
	 * @param kind {@code startup} or {@code warmers}
	 * @param at when it ended
	 * @param warmed keys (start-up) or warmers (scheduled) that succeeded
	 * @param failed keys or warmers that failed
	 * @param duration how long it took
	 */
	public record Run(String kind, Instant at, int warmed, int failed, Duration duration) {

	}

	/**
	 * Warming statistics.
	 *
	 * @param runs runs since start
	 * @param keysWarmed keys and warmers that succeeded
	 * @param failures keys and warmers that failed
	 * @param totalDuration time spent in every run together
	 * @param history the most recent runs, oldest first
	 */
	public record Stats(long runs, long keysWarmed, long failures, Duration totalDuration, List<Run> history) {

	}

}
