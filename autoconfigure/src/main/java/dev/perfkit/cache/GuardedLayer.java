package dev.perfkit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import dev.perfkit.cache.observation.CacheObservations;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheLayer} behind a Resilience4j circuit breaker: a failing call is a miss (or a skipped write), logged
 * once per incident; while the breaker is open the layer is not called at all, and it is tried again after the
 * recovery interval.
 * <p>
 * An update, eviction, clear or tag invalidation the layer could not take is not dropped: it is journaled (by key,
 * bounded; past the bound the journal asks for every cache to be cleared) and replayed, as removals, before the layer
 * is read again, the first call or {@link #repair()} after the breaker lets calls through. What was replayed is then
 * announced, so that the other instances drop what they re-read from the layer meanwhile. A fill the layer could not
 * take is not journaled: no write was superseded.
 */
final class GuardedLayer {

	private static final Log logger = LogFactory.getLog(GuardedLayer.class);

	/** What {@link #get} returns when the layer failed or was skipped, told apart from a miss by identity. */
	static final byte[] UNAVAILABLE = new byte[0];

	private final CacheLayer layer;

	private final LayerSettings settings;

	private final CircuitBreaker breaker;

	private final AtomicBoolean failing = new AtomicBoolean();

	private final LongAdder failures = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private volatile @Nullable String lastError;

	// an incident ends with a success at least one recovery interval after its last failure, so that a partly
	// failing layer (one master of a cluster down) logs one warning, not one per alternation of failure and success
	private final long quietNanos;

	private volatile long lastFailureNanos;

	private final Journal journal;

	private final ReentrantLock repairing = new ReentrantLock();

	private volatile Repairs repairs = Repairs.NONE;

	private volatile @Nullable CacheObservations observations;

	/**
	 * Guards a layer with the breaker named {@code perfkit-cache-<layer>}: taken from the registry when one is given
	 * (an instance configured there wins over the defaults built here), else a breaker of its own; a call slower than
	 * the layer's timeout counts against it.
	 */
	GuardedLayer(CacheLayer layer, LayerSettings settings, Duration recoveryInterval, int journalCapacity,
			@Nullable CircuitBreakerRegistry registry) {
		this.layer = layer;
		this.settings = settings;
		this.journal = new Journal(journalCapacity);
		this.quietNanos = recoveryInterval.toNanos();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(20)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.slowCallDurationThreshold(settings.getTimeout().plusMillis(1))
			.slowCallRateThreshold(100)
			.waitDurationInOpenState(recoveryInterval)
			.permittedNumberOfCallsInHalfOpenState(3)
			.build();
		String name = LayeredCacheManager.circuitBreakerName(layer.name());
		this.breaker = (registry != null) ? registry.circuitBreaker(name, () -> config)
				: CircuitBreaker.of(name, config);
		this.breaker.getEventPublisher()
			.onStateTransition((event) -> logger.info("Layered cache layer '" + layer.name() + "': circuit breaker "
					+ event.getStateTransition().getFromState() + " -> " + event.getStateTransition().getToState()));
	}

	String name() {
		return this.layer.name();
	}

	CacheLayer layer() {
		return this.layer;
	}

	LayerSettings settings() {
		return this.settings;
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	long failures() {
		return this.failures.sum();
	}

	long skipped() {
		return this.skipped.sum();
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * Where replayed writes are announced, and which caches a full clear covers.
	 * @param repairs the callback
	 */
	void onRepair(Repairs repairs) {
		this.repairs = repairs;
	}

	void observe(@Nullable CacheObservations observations) {
		this.observations = observations;
	}

	/**
	 * Writes waiting to be replayed, for health and tests.
	 * @return the number of journaled writes, -1 if the journal overflowed
	 */
	int pendingRepairs() {
		return this.journal.size();
	}

	/**
	 * Replays the journal if it holds anything and the breaker lets a call through.
	 * @return whether the journal is empty afterwards
	 */
	boolean repair() {
		if (this.journal.isEmpty()) {
			return true;
		}
		if (!this.repairing.tryLock()) {
			return false;
		}
		try {
			if (!this.breaker.tryAcquirePermission()) {
				return false;
			}
			Journal.Snapshot snapshot = this.journal.snapshot();
			Collection<String> caches = snapshot.everything() ? this.repairs.cacheNames() : snapshot.clears();
			long start = System.nanoTime();
			try {
				for (String cache : caches) {
					this.layer.clear(cache);
				}
				for (Journal.Key key : snapshot.evicts()) {
					if (!snapshot.everything() && !snapshot.clears().contains(key.cache())) {
						this.layer.evict(key.cache(), key.id());
					}
				}
				if (!snapshot.tags().isEmpty()) {
					this.layer.invalidateTags(snapshot.tags());
				}
				succeeded(start);
			}
			catch (Throwable ex) {
				failed(start, ex);
				return false;
			}
			this.journal.remove(snapshot);
			logger.info("Layered cache layer '" + this.layer.name() + "': replayed " + snapshot.describe()
					+ " it could not take while failing");
			this.repairs.replayed(snapshot.invalidations(caches));
			return this.journal.isEmpty();
		}
		finally {
			this.repairing.unlock();
		}
	}

	/**
	 * Reads a frame.
	 * @return the frame, {@code null} on a miss, or {@link #UNAVAILABLE} if the layer failed or was skipped
	 */
	byte @Nullable [] get(String cache, String key) {
		// nothing is read from the layer before the writes it missed are replayed
		if (!this.journal.isEmpty() && !repair()) {
			return UNAVAILABLE;
		}
		if (!this.breaker.tryAcquirePermission()) {
			this.skipped.increment();
			return UNAVAILABLE;
		}
		long start = System.nanoTime();
		try {
			CacheObservations observations = this.observations;
			byte[] frame = (observations != null && observations.isActive())
					? observations.read(this.layer.name(), cache, () -> this.layer.read(cache, key))
					: this.layer.read(cache, key);
			succeeded(start);
			return frame;
		}
		catch (Throwable ex) {
			failed(start, ex);
			return UNAVAILABLE;
		}
	}

	/**
	 * Reads a frame without blocking the caller: as {@link #get}, completed when the layer answers. While writes wait
	 * to be replayed, the replay and the read run on the executor.
	 * @param executor where blocking work runs
	 * @return the frame, {@code null} on a miss, or {@link #UNAVAILABLE}; never completed exceptionally
	 */
	CompletableFuture<byte @Nullable []> getAsync(String cache, String key, Executor executor) {
		try {
			if (!this.journal.isEmpty()) {
				return CompletableFuture.supplyAsync(() -> get(cache, key), executor);
			}
			if (!this.breaker.tryAcquirePermission()) {
				this.skipped.increment();
				return CompletableFuture.completedFuture(UNAVAILABLE);
			}
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(UNAVAILABLE);
		}
		long start = System.nanoTime();
		CompletableFuture<byte @Nullable []> read;
		try {
			read = this.layer.readAsync(cache, key, executor);
		}
		catch (Throwable ex) {
			failed(start, ex);
			return CompletableFuture.completedFuture(UNAVAILABLE);
		}
		return read.handle((frame, ex) -> {
			if (ex != null) {
				failed(start, (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex);
				return UNAVAILABLE;
			}
			succeeded(start);
			return frame;
		});
	}

	/**
	 * Stores an entry only if the layer holds none, atomically in the layer.
	 * @return {@code null} if stored, the frame the layer holds, or {@link #UNAVAILABLE} if the layer failed or was
	 * skipped: the write is then journaled as an eviction of the key (a timed-out call may still have stored it)
	 */
	byte @Nullable [] putIfAbsent(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		if ((!this.journal.isEmpty() && !repair()) || !this.breaker.tryAcquirePermission()) {
			this.skipped.increment();
			this.journal.evict(cache, key);
			return UNAVAILABLE;
		}
		long start = System.nanoTime();
		try {
			byte[] existing = this.layer.putIfAbsent(cache, key, frame, expiresAtMillis, tags);
			succeeded(start);
			return existing;
		}
		catch (Throwable ex) {
			this.journal.evict(cache, key);
			failed(start, ex);
			return UNAVAILABLE;
		}
	}

	/**
	 * Writes an update; one the layer cannot take is journaled as an eviction of the key.
	 */
	void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		run(cache, () -> this.layer.put(cache, key, frame, expiresAtMillis, tags), () -> this.journal.evict(cache, key));
	}

	/**
	 * Writes a fill, which supersedes nothing: one the layer cannot take is dropped.
	 * @param conditional whether to store only if the layer still holds what the miss read
	 * @param missed what the miss read in this layer ({@code null} for nothing or unknown)
	 */
	void fill(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags, boolean conditional,
			byte @Nullable [] missed) {
		Runnable operation = conditional ? () -> this.layer.fill(cache, key, frame, expiresAtMillis, tags, missed)
				: () -> this.layer.put(cache, key, frame, expiresAtMillis, tags);
		run(cache, operation, () -> {
		});
	}

	void evict(String cache, String key) {
		run(cache, () -> this.layer.evict(cache, key), () -> this.journal.evict(cache, key));
	}

	void clear(String cache) {
		run(cache, () -> this.layer.clear(cache), () -> this.journal.clear(cache));
	}

	void invalidateTags(Collection<String> tags) {
		run(null, () -> this.layer.invalidateTags(tags), () -> this.journal.tags(tags));
	}

	long size(String cache) {
		if (!this.breaker.tryAcquirePermission()) {
			return -1;
		}
		long start = System.nanoTime();
		try {
			long size = this.layer.size(cache);
			succeeded(start);
			return size;
		}
		catch (Throwable ex) {
			failed(start, ex);
			return -1;
		}
	}

	/**
	 * Pings the layer, bypassing the breaker's open state so health reflects the layer itself.
	 * @return the failure, or {@code null} if the layer answered
	 */
	@Nullable Throwable ping() {
		try {
			this.layer.ping();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private void run(@Nullable String cache, Runnable operation, Runnable journal) {
		// a write never overtakes the journal: it would be undone by the replay, or be read before it
		if (!this.journal.isEmpty() && !repair()) {
			this.skipped.increment();
			journal.run();
			return;
		}
		if (!this.breaker.tryAcquirePermission()) {
			this.skipped.increment();
			journal.run();
			return;
		}
		long start = System.nanoTime();
		try {
			CacheObservations observations = this.observations;
			if (observations != null && observations.isActive()) {
				observations.write(this.layer.name(), cache, operation);
			}
			else {
				operation.run();
			}
			succeeded(start);
		}
		catch (Throwable ex) {
			// a timed-out write may still land: replaying it as a removal is right either way
			journal.run();
			failed(start, ex);
		}
	}

	/** What a replay tells the rest of the cache. */
	interface Repairs {

		Repairs NONE = new Repairs() {

			@Override
			public Collection<String> cacheNames() {
				return List.of();
			}

			@Override
			public void replayed(List<Invalidation> invalidations) {
			}

		};

		/** The caches a full clear covers: every cache that could have written to the layer. */
		Collection<String> cacheNames();

		/** Called after a replay with what it removed, to tell the other instances. */
		void replayed(List<Invalidation> invalidations);

	}

	/**
	 * Writes a layer could not take, as the removals that repair them: keys, whole caches, tags. Bounded: past its
	 * capacity it holds only "clear everything".
	 */
	static final class Journal {

		static final int DEFAULT_CAPACITY = 10_000;

		// more evictions than this in one cache are announced as a clear of it
		private static final int ANNOUNCED_KEYS = 64;

		private final int capacity;

		private final Set<Key> evicts = new LinkedHashSet<>();

		private final Set<String> clears = new LinkedHashSet<>();

		private final Set<String> tags = new LinkedHashSet<>();

		private boolean everything;

		private volatile int size;

		Journal(int capacity) {
			this.capacity = capacity;
		}

		boolean isEmpty() {
			return this.size == 0;
		}

		synchronized int size() {
			return this.everything ? -1 : this.size;
		}

		synchronized void evict(String cache, String id) {
			if (!this.everything && !this.clears.contains(cache)) {
				this.evicts.add(new Key(cache, id));
			}
			resized();
		}

		synchronized void clear(String cache) {
			this.clears.add(cache);
			this.evicts.removeIf((key) -> key.cache().equals(cache));
			resized();
		}

		synchronized void tags(Collection<String> tags) {
			this.tags.addAll(tags);
			resized();
		}

		private void resized() {
			int entries = this.evicts.size() + this.clears.size() + this.tags.size();
			if (entries > this.capacity && !this.everything) {
				logger.warn("Layered cache journal of skipped writes is full (" + this.capacity
						+ "); every cache is cleared in the layer and on every instance once it answers");
				this.everything = true;
				this.evicts.clear();
				this.clears.clear();
				this.tags.clear();
			}
			this.size = this.everything ? 1 : this.evicts.size() + this.clears.size() + this.tags.size();
		}

		synchronized Snapshot snapshot() {
			return new Snapshot(this.everything, List.copyOf(this.evicts), Set.copyOf(this.clears),
					Set.copyOf(this.tags));
		}

		/** Removes what a replay took care of; writes journaled during the replay stay. */
		synchronized void remove(Snapshot snapshot) {
			if (snapshot.everything()) {
				this.everything = false;
			}
			snapshot.evicts().forEach(this.evicts::remove);
			this.clears.removeAll(snapshot.clears());
			this.tags.removeAll(snapshot.tags());
			resized();
		}

		record Key(String cache, String id) {
		}

		record Snapshot(boolean everything, List<Key> evicts, Set<String> clears, Set<String> tags) {

			String describe() {
				return this.everything ? "a full clear" : this.evicts.size() + " evictions, " + this.clears.size()
						+ " clears and " + this.tags.size() + " tag invalidations";
			}

			List<Invalidation> invalidations(Collection<String> clearedCaches) {
				List<Invalidation> invalidations = new ArrayList<>();
				Set<String> cleared = new LinkedHashSet<>(clearedCaches);
				Map<String, List<String>> byCache = new LinkedHashMap<>();
				for (Key key : this.evicts) {
					if (!cleared.contains(key.cache())) {
						byCache.computeIfAbsent(key.cache(), (cache) -> new ArrayList<>()).add(key.id());
					}
				}
				byCache.forEach((cache, ids) -> {
					if (ids.size() > ANNOUNCED_KEYS) {
						cleared.add(cache);
					}
					else {
						ids.forEach((id) -> invalidations.add(Invalidation.evict(cache, id)));
					}
				});
				cleared.forEach((cache) -> invalidations.add(Invalidation.clear(cache)));
				if (!this.tags.isEmpty()) {
					invalidations.add(Invalidation.tags(List.copyOf(this.tags)));
				}
				return invalidations;
			}

		}

	}

	private void succeeded(long start) {
		this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		if (this.failing.get() && System.nanoTime() - this.lastFailureNanos >= this.quietNanos
				&& this.failing.compareAndSet(true, false)) {
			logger.info("Layered cache layer '" + this.layer.name() + "' answers again");
		}
	}

	private void failed(long start, Throwable ex) {
		this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
		this.failures.increment();
		this.lastError = ex.toString();
		this.lastFailureNanos = System.nanoTime();
		if (!this.failing.get() && this.failing.compareAndSet(false, true)) {
			logger.warn("Layered cache layer '" + this.layer.name() + "' failed; it is skipped until it recovers: " + ex);
		}
	}

}
