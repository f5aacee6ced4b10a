package dev.perfkit.cache.warming;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
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

import dev.perfkit.cache.CachedInvocation;
import dev.perfkit.cache.HotKeys.HotKey;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Keeps caches warm. Once every singleton exists (before the application is ready) it restores the hot keys persisted
 * by the previous run in the L3 SQLite file and copies their entries from L2/L3 into L1. Then, on a
 * {@link TaskScheduler}, each run persists the current hot keys, warms the hot keys L1 lacks, and runs the
 * {@link CacheWarmer} beans, at most {@code concurrency} tasks at a time.
 * <p>
 * Hot-key tasks are scored by frequency × load cost (keys L1 holds are not tasks: their miss likelihood is nil), and
 * each is warmed from L2/L3 when a lower layer holds it, else by calling again the {@code @Cacheable} method that last
 * loaded it ({@link CachedInvocation}). Without L3 hot keys are not persisted, so nothing is warmed at start-up, but
 * scheduled runs still warm from L2 or by re-invocation. A failing key or warmer is counted and logged and does not
 * stop the others. Later L1 hits on warmed entries are counted per cache: warming's effectiveness. At shutdown the hot
 * keys are persisted again.
 *
 * @since 0.1.0
 */
public class CacheWarming implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(CacheWarming.class);

	private static final int HISTORY = 32;

	private final LayeredCacheManager cacheManager;

	private final @Nullable HotKeyStore store;

	private final TaskScheduler scheduler;

	private final @Nullable ThreadPoolTaskScheduler ownScheduler;

	private final List<CacheWarmer> warmers;

	private final Settings settings;

	private final ExecutorService workers;

	private final AtomicLong runs = new AtomicLong();

	private final AtomicLong keysWarmed = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong reinvocations = new AtomicLong();

	private final AtomicLong durationNanos = new AtomicLong();

	private final Deque<Run> history = new ArrayDeque<>();

	private @Nullable ScheduledFuture<?> schedule;

	/**
	 * Creates the warming.
	 * @param cacheManager the caches to warm
	 * @param store where hot keys are persisted, or {@code null} without L3 (nothing is warmed at start-up)
	 * @param scheduler runs the periodic work, or {@code null} for a scheduler of its own
	 * @param warmers user warmers
	 * @param settings schedule and bounds
	 */
	public CacheWarming(LayeredCacheManager cacheManager, @Nullable HotKeyStore store, @Nullable TaskScheduler scheduler,
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
	 * @return how many keys L1 holds afterwards; 0 without a hot-key store
	 */
	public int warmFromLowerLayers() {
		HotKeyStore store = this.store;
		if (store == null) {
			return 0;
		}
		long start = System.nanoTime();
		Map<String, List<HotKey>> stored;
		try {
			stored = store.load();
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
				tasks.add(this.workers.submit(() -> cache.policy().warm(key.key())));
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
		record("startup", warmed, failed, 0, start);
		return warmed;
	}

	/**
	 * Warms the hot keys L1 lacks, highest score (frequency × load cost) first: from L2/L3 when a lower layer holds
	 * the key, else by calling again the {@code @Cacheable} method that last loaded it. Keys with neither are left.
	 * Only the hottest half of L1's maximum size is considered, so warming never churns L1. A run without any key to
	 * warm is not recorded.
	 * @return the run
	 */
	public Run warmHotKeys() {
		long start = System.nanoTime();
		List<Task> tasks = new ArrayList<>();
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache == null || !cache.getSettings().memoryEnabled()) {
				continue;
			}
			// ranks beyond half of L1 would only push out the working set they are meant to serve
			int ranks = (int) Math.min(this.settings.hotKeys(), Math.max(1, cache.policy().getMemoryMaximumSize() / 2));
			for (HotKey key : cache.getHotKeys().top(ranks)) {
				if (!cache.policy().isInMemory(key.key())) {
					tasks.add(new Task(cache, key.key(), (double) key.count() * Math.max(1, key.loadNanos())));
				}
			}
		}
		tasks.sort(Comparator.comparingDouble(Task::score).reversed());
		List<Future<Outcome>> futures = new ArrayList<>();
		for (Task task : tasks) {
			futures.add(this.workers.submit(task::warm));
		}
		int warmed = 0;
		int reinvoked = 0;
		int failed = 0;
		Throwable firstFailure = null;
		for (Future<Outcome> future : futures) {
			try {
				Outcome outcome = future.get();
				warmed += (outcome != Outcome.SKIPPED) ? 1 : 0;
				reinvoked += (outcome == Outcome.REINVOKED) ? 1 : 0;
			}
			catch (Exception ex) {
				failed++;
				if (firstFailure == null) {
					firstFailure = (ex.getCause() != null) ? ex.getCause() : ex;
				}
			}
		}
		if (firstFailure != null) {
			logger.warn(failed + " hot keys could not be warmed; the first failure", firstFailure);
		}
		if (tasks.isEmpty()) {
			return new Run("hot-keys", Instant.now(), 0, 0, Duration.ofNanos(System.nanoTime() - start), 0);
		}
		return record("hot-keys", warmed, failed, reinvoked, start);
	}

	/**
	 * Persists the hot keys of every cache; does nothing without a hot-key store.
	 */
	public void persistHotKeys() {
		HotKeyStore store = this.store;
		if (store == null) {
			return;
		}
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache == null) {
				continue;
			}
			try {
				store.save(name, cache.getHotKeys().top(this.settings.hotKeys()));
			}
			catch (Exception ex) {
				logger.warn("Cannot persist the hot keys of cache '" + name + "'", ex);
			}
		}
	}

	/**
	 * Runs every warmer, at most {@code concurrency} at a time, and waits for them; without warmers nothing is
	 * recorded.
	 * @return how many warmers failed
	 */
	public int runWarmers() {
		if (this.warmers.isEmpty()) {
			return 0;
		}
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
		record("warmers", this.warmers.size() - failed, failed, 0, start);
		return failed;
	}

	/**
	 * Counters, effectiveness and the recent runs.
	 * @return the statistics
	 */
	public Stats getStats() {
		long entries = 0;
		long hits = 0;
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache != null) {
				entries += cache.getStatistics().getWarmedEntries();
				hits += cache.getStatistics().getWarmedHits();
			}
		}
		synchronized (this.history) {
			return new Stats(this.runs.get(), this.keysWarmed.get(), this.failures.get(), this.reinvocations.get(),
					Duration.ofNanos(this.durationNanos.get()), entries, hits, this.store != null,
					List.copyOf(this.history));
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
		warmHotKeys();
		runWarmers();
	}

	private Run record(String kind, int warmed, int failed, int reinvoked, long startNanos) {
		this.runs.incrementAndGet();
		this.keysWarmed.addAndGet(warmed);
		this.failures.addAndGet(failed);
		this.reinvocations.addAndGet(reinvoked);
		long nanos = System.nanoTime() - startNanos;
		this.durationNanos.addAndGet(nanos);
		Run run = new Run(kind, Instant.now(), warmed, failed, Duration.ofNanos(nanos), reinvoked);
		synchronized (this.history) {
			if (this.history.size() == HISTORY) {
				this.history.removeFirst();
			}
			this.history.addLast(run);
		}
		return run;
	}

	private enum Outcome {

		FROM_LOWER_LAYER, REINVOKED, SKIPPED

	}

	private record Task(LayeredCache cache, String key, double score) {

		Outcome warm() throws Exception {
			if (this.cache.policy().warm(this.key)) {
				return Outcome.FROM_LOWER_LAYER;
			}
			CachedInvocation invocation = this.cache.getHotKeys().invocation(this.key);
			if (invocation == null) {
				return Outcome.SKIPPED;
			}
			invocation.reinvoke();
			if (!this.cache.policy().markWarmed(this.key)) {
				throw new IllegalStateException("Calling " + invocation + " again did not cache key '" + this.key
						+ "' in cache '" + this.cache.getName() + "' (a condition, unless or another key generator?)");
			}
			return Outcome.REINVOKED;
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
	 * @param kind {@code startup}, {@code hot-keys} or {@code warmers}
	 * @param at when it ended
	 * @param warmed keys (start-up, hot keys) or warmers (scheduled) that succeeded
	 * @param failed keys or warmers that failed
	 * @param duration how long it took
	 * @param reinvoked keys warmed by calling their {@code @Cacheable} method again
	 */
	public record Run(String kind, Instant at, int warmed, int failed, Duration duration, int reinvoked) {

	}

	/**
	 * Warming statistics.
	 *
	 * @param runs runs since start
	 * @param keysWarmed keys and warmers that succeeded
	 * @param failures keys and warmers that failed
	 * @param reinvocations keys warmed by calling their {@code @Cacheable} method again
	 * @param totalDuration time spent in every run together
	 * @param warmedEntries entries warming put into L1, every cache
	 * @param warmedHits later L1 hits on those entries: warming's effectiveness
	 * @param persistent whether hot keys are persisted (L3 on) and so warmed at start-up
	 * @param history the most recent runs, oldest first
	 */
	public record Stats(long runs, long keysWarmed, long failures, long reinvocations, Duration totalDuration,
			long warmedEntries, long warmedHits, boolean persistent, List<Run> history) {

	}

}
