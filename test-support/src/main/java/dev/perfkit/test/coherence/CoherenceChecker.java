package dev.perfkit.test.coherence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.perfkit.test.coherence.Schedule.Kind;
import dev.perfkit.test.coherence.Schedule.Operation;

/**
 * Runs {@link Schedule schedules} against instances of a cached application and checks every read against a
 * {@link CoherenceModel}. The seed alone decides the order of operations: one thread runs them in turn, and the only
 * concurrency is the slow load a schedule starts and later releases. Waiting happens only where freshness is due
 * within the window: after a fault heals, and at the end of the schedule, every instance's reads of every key are
 * polled until they are fresh, for at most the window.
 * <pre class="code">
 * CoherenceChecker checker = new CoherenceChecker(cluster, Duration.ofSeconds(5));
 * CoherenceChecker.Result result = checker.run(Schedule.generate(seed, 3, 3));
 * assertThat(result.violation()).as(result::report).isNull();
 * </pre>
 *
 * @since 0.1.0
 */
public final class CoherenceChecker {

	private static final AtomicLong RUNS = new AtomicLong();

	private static final Duration POLL = Duration.ofMillis(10);

	private static final Duration SLOW_LOAD_WAIT = Duration.ofSeconds(30);

	private final Cluster cluster;

	private final Duration window;

	/**
	 * Creates a checker.
	 * @param cluster the instances and the faults
	 * @param window the staleness window: how long a superseded value may still be read after it was superseded or,
	 * if a fault was active meanwhile, after the fault healed
	 */
	public CoherenceChecker(Cluster cluster, Duration window) {
		this.cluster = cluster;
		this.window = window;
	}

	/**
	 * Runs a schedule on a cache of its own and checks it.
	 * @param schedule the schedule
	 * @return the outcome
	 */
	public Result run(Schedule schedule) {
		String cache = "checker-" + schedule.seed() + "-" + RUNS.incrementAndGet();
		Run run = new Run(schedule, cache);
		long start = System.nanoTime();
		String violation = run.execute();
		return new Result(schedule, cache, violation, List.copyOf(run.trace), List.copyOf(run.recoveries),
				System.nanoTime() - start);
	}

	private final class Run {

		private final Schedule schedule;

		private final String cache;

		private final CoherenceModel model;

		private final List<String> trace = new ArrayList<>();

		private final List<Recovery> recoveries = new ArrayList<>();

		private @Nullable SlowLoad slow;

		private @Nullable Operation fault;

		Run(Schedule schedule, String cache) {
			this.schedule = schedule;
			this.cache = cache;
			this.model = new CoherenceModel(schedule.seed(), schedule.instances(), schedule.keys(),
					CoherenceChecker.this.window);
		}

		String execute() {
			String violation = null;
			boolean faulted = false;
			try {
				List<Operation> operations = this.schedule.operations();
				for (int n = 0; n < operations.size() && violation == null; n++) {
					Operation operation = operations.get(n);
					faulted |= operation.kind().isFault();
					String[] outcome = { "" };
					violation = step(operation, outcome);
					this.trace.add(String.format("%4d  %-24s %s", n, operation, outcome[0]));
				}
				if (violation == null) {
					violation = converge(null, this.model.lastChange());
				}
			}
			catch (RuntimeException ex) {
				violation = "the checker failed: " + ex;
			}
			finally {
				cleanUp();
			}
			if (faulted) {
				String settled = CoherenceChecker.this.cluster.settle();
				if (violation == null && settled != null) {
					violation = "after the schedule: " + settled;
				}
			}
			return violation;
		}

		private @Nullable String step(Operation operation, String[] outcome) {
			Cluster cluster = CoherenceChecker.this.cluster;
			int i = operation.instance();
			int k = operation.key();
			String key = "k" + k;
			Instance instance = cluster.instance(i, this.cache);
			try {
				switch (operation.kind()) {
					case GET -> {
						long start = System.nanoTime();
						int floor = this.model.ownWrite(i, k);
						String value = instance.get(key);
						outcome[0] = "-> " + value;
						return this.model.check(i, k, value, true, start, floor);
					}
					case LOAD, CACHEABLE_LOAD -> {
						long start = System.nanoTime();
						int floor = this.model.ownWrite(i, k);
						Callable<String> loader = () -> this.model.read(k);
						String value = (operation.kind() == Kind.LOAD) ? instance.load(key, loader)
								: instance.cacheableLoad(key, loader);
						outcome[0] = "-> " + value;
						return this.model.check(i, k, value, false, start, floor);
					}
					case FAILING_LOAD -> {
						long start = System.nanoTime();
						int floor = this.model.ownWrite(i, k);
						String value;
						try {
							value = instance.load(key, () -> {
								throw new IllegalStateException("database unavailable");
							});
						}
						catch (RuntimeException ex) {
							outcome[0] = "-> threw " + ex.getClass().getSimpleName();
							return null;
						}
						outcome[0] = "-> " + value;
						return this.model.check(i, k, value, false, start, floor);
					}
					case SLOW_LOAD, SLOW_CACHEABLE_LOAD -> {
						return startSlowLoad(instance, i, k, operation.kind() == Kind.SLOW_CACHEABLE_LOAD, outcome);
					}
					case RELEASE -> {
						return release(outcome);
					}
					case PUT -> {
						String value = this.model.write(i, k);
						instance.put(key, value, tag(k));
						outcome[0] = value;
						return null;
					}
					case WRITE_EVICT -> {
						String value = this.model.write(i, k);
						instance.evict(key);
						outcome[0] = "database " + value;
						return null;
					}
					case EVICT -> instance.evict(key);
					case CLEAR -> instance.clear();
					case INVALIDATE_TAG -> {
						instance.invalidateTag(tag(k));
						outcome[0] = tag(k);
					}
					case BLACK_HOLE, DELAY, LOSE_PUBLISHES -> {
						this.model.faultBegan(System.nanoTime());
						this.fault = operation;
						switch (operation.kind()) {
							case BLACK_HOLE -> cluster.blackHole(i);
							case DELAY -> cluster.delay(i);
							default -> cluster.losePublishes(i);
						}
					}
					case HEAL -> {
						Operation healed = (this.fault != null) ? this.fault : operation;
						cluster.heal(i);
						this.fault = null;
						long at = System.nanoTime();
						this.model.healed(at);
						return converge(healed, at);
					}
					case RESTART_REDIS -> {
						this.model.faultBegan(System.nanoTime());
						cluster.restartRedis();
						long restarted = System.nanoTime();
						this.model.healed(restarted);
						return converge(operation, restarted);
					}
				}
				return null;
			}
			catch (RuntimeException ex) {
				outcome[0] = "-> threw " + ex;
				return "i" + i + " " + operation.kind() + " threw " + ex;
			}
		}

		private @Nullable String startSlowLoad(Instance instance, int i, int k, boolean cacheable, String[] outcome) {
			long start = System.nanoTime();
			int floor = this.model.ownWrite(i, k);
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<@Nullable String> result = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				try {
					Callable<String> loader = () -> {
						String value = this.model.read(k);
						loading.countDown();
						release.await(SLOW_LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
						return value;
					};
					result.complete(cacheable ? instance.cacheableLoad("k" + k, loader) : instance.load("k" + k, loader));
				}
				catch (Throwable ex) {
					result.completeExceptionally(ex);
				}
			}, "coherence-checker-slow-load");
			thread.setDaemon(true);
			thread.start();
			this.slow = new SlowLoad(i, k, start, floor, release, result);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (loading.getCount() > 0 && !result.isDone()) {
				if (System.nanoTime() > deadline) {
					return "i" + i + " slow load of k" + k + " neither called its loader nor returned in 10 s";
				}
				sleep(Duration.ofMillis(1));
			}
			outcome[0] = (loading.getCount() == 0) ? "loading" : "hit";
			return null;
		}

		private @Nullable String release(String[] outcome) {
			SlowLoad pending = this.slow;
			if (pending == null) {
				return null;
			}
			this.slow = null;
			pending.release().countDown();
			String value;
			try {
				value = pending.result().get(SLOW_LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				outcome[0] = "-> threw " + ex;
				return "i" + pending.instance() + " slow load of k" + pending.key() + " failed: " + ex;
			}
			outcome[0] = "-> " + value;
			return this.model.check(pending.instance(), pending.key(), value, false, pending.start(), pending.floor());
		}

		/**
		 * Polls every instance's read of every key until all are fresh, for at most the window after the last write
		 * or heal; records how long it took after a fault.
		 */
		private @Nullable String converge(@Nullable Operation after, long from) {
			Cluster cluster = CoherenceChecker.this.cluster;
			long deadline = Math.max(this.model.lastChange(), from) + this.model.windowNanos();
			boolean staleSeen = false;
			while (true) {
				String stale = null;
				for (int i = 0; i < this.schedule.instances(); i++) {
					Instance instance = cluster.instance(i, this.cache);
					for (int k = 0; k < this.schedule.keys(); k++) {
						long start = System.nanoTime();
						String value;
						try {
							value = instance.get("k" + k);
						}
						catch (RuntimeException ex) {
							return "i" + i + " GET k" + k + " threw " + ex + " while converging";
						}
						String violation = this.model.check(i, k, value, true, start, this.model.ownWrite(i, k));
						if (violation != null) {
							return violation;
						}
						if (!this.model.isFresh(k, value) && stale == null) {
							stale = "i" + i + " still reads " + value + " of k" + k + " (database: "
									+ this.model.read(k) + ")";
						}
					}
				}
				long now = System.nanoTime();
				if (stale == null) {
					if (after != null) {
						this.recoveries.add(new Recovery(after.kind(), staleSeen, now - from));
						this.trace.add(String.format("      fresh everywhere %d ms after %s%s",
								Duration.ofNanos(now - from).toMillis(), "the heal of " + after.kind(),
								staleSeen ? "" : " (nothing was stale)"));
					}
					return null;
				}
				staleSeen = true;
				if (now > deadline) {
					return stale + " " + Duration.ofNanos(now - from).toMillis() + " ms after "
							+ ((after != null) ? "the heal of " + after.kind() : "the last write or heal") + " (window "
							+ Duration.ofNanos(this.model.windowNanos()).toMillis() + " ms)";
				}
				sleep(POLL);
			}
		}

		private void cleanUp() {
			Operation active = this.fault;
			if (active != null) {
				CoherenceChecker.this.cluster.heal(active.instance());
				this.model.healed(System.nanoTime());
			}
			SlowLoad pending = this.slow;
			if (pending != null) {
				pending.release().countDown();
				try {
					pending.result().get(SLOW_LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					// reported by the schedule's own release, or irrelevant after a violation
				}
			}
		}

		private String tag(int k) {
			return this.cache + ":g" + (k % 2);
		}

	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * One instance of the checked application, for one cache.
	 */
	public interface Instance {

		/**
		 * {@code cache.get(key)}.
		 * @param key the key
		 * @return the value, {@code null} on a miss
		 */
		@Nullable String get(String key);

		/**
		 * {@code cache.get(key, loader)}.
		 * @param key the key
		 * @param loader the loader
		 * @return the value
		 */
		String load(String key, Callable<String> loader);

		/**
		 * A {@code @Cacheable} method's call: {@code cache.get(key)}, on a miss the method (the loader), then
		 * {@code cache.put(key, value)} on the same thread. By default {@link #load}.
		 * @param key the key
		 * @param loader the method's body
		 * @return the value
		 */
		default String cacheableLoad(String key, Callable<String> loader) {
			return load(key, loader);
		}

		/**
		 * An update's {@code cache.put}, with a tag.
		 * @param key the key
		 * @param value the value
		 * @param tag the tag
		 */
		void put(String key, String value, String tag);

		/**
		 * {@code cache.evict(key)}.
		 * @param key the key
		 */
		void evict(String key);

		/**
		 * {@code cache.clear()}.
		 */
		void clear();

		/**
		 * Invalidates a tag.
		 * @param tag the tag
		 */
		void invalidateTag(String tag);

	}

	/**
	 * The instances and the faults the checker injects.
	 */
	public interface Cluster {

		/**
		 * An instance's view of a cache.
		 * @param index the instance, from 0
		 * @param cache the cache name
		 * @return the instance
		 */
		Instance instance(int index, String cache);

		/**
		 * Black-holes the instance's link to Redis.
		 * @param index the instance
		 */
		void blackHole(int index);

		/**
		 * Delays the instance's link to Redis beyond its timeout.
		 * @param index the instance
		 */
		void delay(int index);

		/**
		 * Makes the instance lose the invalidations it publishes.
		 * @param index the instance
		 */
		void losePublishes(int index);

		/**
		 * Ends the instance's fault.
		 * @param index the instance
		 */
		void heal(int index);

		/**
		 * Restarts Redis, empty.
		 */
		void restartRedis();

		/**
		 * Waits until every instance uses Redis again with nothing left to repair, so that the next schedule starts
		 * from a healthy cluster.
		 * @return what is still unhealthy after a bounded wait, {@code null} if nothing
		 */
		@Nullable String settle();

	}

	/**
	 * How long after a fault healed every instance read fresh values.
	 *
	 * @param fault the fault
	 * @param staleSeen whether a stale read was seen after the heal (else there was nothing to recover)
	 * @param nanos the time from the heal to the first all-fresh round of reads
	 */
	public record Recovery(Kind fault, boolean staleSeen, long nanos) {
	}

	/**
	 * The outcome of one schedule.
	 *
	 * @param schedule the schedule
	 * @param cache the cache it ran on
	 * @param violation what went wrong, {@code null} if nothing
	 * @param trace each operation with its outcome
	 * @param recoveries recoveries after faults
	 * @param nanos how long it ran
	 */
	public record Result(Schedule schedule, String cache, @Nullable String violation, List<String> trace,
			List<Recovery> recoveries, long nanos) {

		/**
		 * The violation with the seed, how to replay it, the schedule and the trace.
		 * @return the report
		 */
		public String report() {
			String nl = System.lineSeparator();
			String outcome = (this.violation != null) ? "Coherence violation" : "No violation";
			return outcome + " with seed " + this.schedule.seed() + " (replay: -Dperfkit.checker.seed="
					+ this.schedule.seed() + ")" + ((this.violation != null) ? ": " + this.violation : "") + nl + this.schedule.describe() + nl + "trace (cache "
					+ this.cache + "):" + nl + String.join(nl, this.trace);
		}

	}

	private record SlowLoad(int instance, int key, long start, int floor, CountDownLatch release,
			CompletableFuture<@Nullable String> result) {
	}

}
