package dev.perfkit.cache;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.perfkit.cache.observation.CacheObservations;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.support.NullValue;

import dev.perfkit.cache.LayeredCache.Entry;
import dev.perfkit.cache.LayeredCache.Miss;

/**
 * The loads of one {@link LayeredCache}: single flight per key (sync and async callers share it), the distributed
 * lease, the loader's run and timing, and the fill protocol every loaded value goes through (a loader's, an
 * asynchronous loader's, a {@code @Cacheable} miss's, an early refresh's): written nowhere if the key was invalidated
 * since the load began, else below L1 (the version re-checked after) and into L1 under the version guard.
 */
final class Loads {

	private static final String[] NO_TAGS = {};

	private final LayeredCache cache;

	private final String name;

	private final LayeredCacheSettings settings;

	private final @Nullable Memory l1;

	private final GuardedLayer[] lower;

	private final CacheStatistics statistics;

	private final HotKeys hotKeys;

	private final VersionGuard guard;

	private final LowerReads reads;

	private final LowerWrites writes;

	private final @Nullable GuardedLock lock;

	// where asynchronous loads write their value
	private final Executor asyncExecutor;

	private final ConcurrentMap<String, CompletableFuture<@Nullable Entry>> inFlight = new ConcurrentHashMap<>();

	Loads(LayeredCache cache, @Nullable Memory l1, GuardedLayer[] lower, CacheStatistics statistics, HotKeys hotKeys,
			VersionGuard guard, LowerReads reads, LowerWrites writes, @Nullable GuardedLock lock,
			Executor asyncExecutor) {
		this.cache = cache;
		this.name = cache.getName();
		this.settings = cache.getSettings();
		this.l1 = l1;
		this.lower = lower;
		this.statistics = statistics;
		this.hotKeys = hotKeys;
		this.guard = guard;
		this.reads = reads;
		this.writes = writes;
		this.lock = lock;
		this.asyncExecutor = asyncExecutor;
	}

	/**
	 * The miss of {@code get(key, loader)}: one flight per key (callers that find one running wait for its value),
	 * L1 checked again, the layers below read, then the loader run (once in the fleet with the distributed lock).
	 */
	@SuppressWarnings("unchecked")
	<T> @Nullable T get(Object key, String id, Callable<T> valueLoader) {
		CompletableFuture<@Nullable Entry> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Entry> running = this.inFlight.putIfAbsent(id, mine);
		if (running != null) {
			return (T) valueOf(awaitLoad(running, key, valueLoader));
		}
		try {
			Entry entry = (this.l1 != null) ? this.l1.live(key) : null;
			Miss miss = new Miss(this.lower.length);
			if (entry == null) {
				entry = this.reads.read(key, id, miss);
			}
			if (entry == null) {
				entry = (this.lock != null) ? loadOnceInFleet(key, id, valueLoader, this.lock, miss)
						: load(key, id, valueLoader, miss);
			}
			mine.complete(entry);
			return (T) valueOf(entry);
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw (ex instanceof ValueRetrievalException retrieval) ? retrieval
					: new ValueRetrievalException(key, valueLoader, ex);
		}
		finally {
			this.inFlight.remove(id, mine);
		}
	}

	/**
	 * The miss of {@code retrieve(key, loader)}: the same flights as {@link #get}, the layers below read
	 * asynchronously, then the loader's future awaited; the caller is never blocked.
	 */
	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> retrieve(Object key, String id, Supplier<CompletableFuture<T>> valueLoader) {
		CompletableFuture<@Nullable Entry> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Entry> running = this.inFlight.putIfAbsent(id, mine);
		if (running != null) {
			return running.thenApply((entry) -> (T) valueOf(entry));
		}
		Entry present = (this.l1 != null) ? this.l1.live(key) : null;
		CompletableFuture<@Nullable Entry> result;
		if (present != null) {
			result = CompletableFuture.completedFuture(present);
		}
		else {
			Miss miss = new Miss(this.lower.length);
			// the value arrives after the cached call returned: its tags are computed then, from the call's
			CacheTagsInterceptor.Call call = CacheTagsInterceptor.currentCall();
			result = this.reads.readAsync(key, id, miss).thenCompose((entry) -> (entry != null)
					? CompletableFuture.completedFuture(entry) : loadAsync(key, id, valueLoader, call, miss));
		}
		result.whenComplete((entry, ex) -> {
			// out of the map first: a caller that the completion wakes finds the flight over
			this.inFlight.remove(id, mine);
			if (ex != null) {
				mine.completeExceptionally((ex instanceof CompletionException && ex.getCause() != null)
						? ex.getCause() : ex);
			}
			else {
				mine.complete(entry);
			}
		});
		return mine.thenApply((entry) -> (T) valueOf(entry));
	}

	/**
	 * The put of a {@code @Cacheable} call's result after its {@code miss}: from the miss to the put is the method's
	 * run (its load time, as for a sync load), and the value is a fill like a loader's, written nowhere if the key
	 * was invalidated since the miss.
	 */
	void filled(Object key, String id, @Nullable Object value, long expiresAt, String[] tags, Miss miss) {
		long loadNanos = Math.max(1, System.nanoTime() - miss.nanos);
		this.statistics.load(loadNanos);
		this.hotKeys.record(id, 0, loadNanos);
		captureInvocation(id);
		fill(key, new Entry(id, value, expiresAt, loadNanos, tags), miss.stripe, miss.epoch, miss.version, miss);
	}

	/** An early refresh: the loader run again and its value written over the entry it refreshes, keeping its tags. */
	void refresh(Object key, String id, Callable<?> valueLoader, String[] tags) throws Exception {
		load(key, id, valueLoader, tags, null);
	}

	/**
	 * Runs an asynchronous loader and writes its value as a fill after {@code miss}, on the cache's executor (the
	 * loader's future may complete on a thread that must not block). Its tags are the ones the cached {@code call}
	 * that asked for it gives its value.
	 */
	private <T> CompletableFuture<@Nullable Entry> loadAsync(Object key, String id,
			Supplier<CompletableFuture<T>> valueLoader, CacheTagsInterceptor.@Nullable Call call, Miss miss) {
		int stripe = VersionGuard.stripe(id);
		long epoch = this.guard.epoch();
		long version = this.guard.version(stripe);
		long start = System.nanoTime();
		CompletableFuture<T> loading;
		try {
			loading = valueLoader.get();
		}
		catch (Throwable ex) {
			this.statistics.loadFailure();
			return CompletableFuture.failedFuture(ex);
		}
		if (loading == null) {
			this.statistics.loadFailure();
			return CompletableFuture.failedFuture(new IllegalStateException(
					"The value loader of cache '" + this.name + "' returned null instead of a CompletableFuture"));
		}
		return loading.handleAsync((value, ex) -> {
			if (ex != null) {
				this.statistics.loadFailure();
				throw (ex instanceof CompletionException completion) ? completion : new CompletionException(ex);
			}
			String[] tags = (call != null) ? call.tags((value instanceof NullValue) ? null : value, NO_TAGS) : NO_TAGS;
			return loaded(key, id, value, start, tags, stripe, epoch, version, miss);
		}, this.asyncExecutor);
	}

	// on a load only: keeps the @Cacheable call that loaded a hot key so that warming can make it again
	private void captureInvocation(String id) {
		if (this.hotKeys.isTracked(id)) {
			CachedInvocation invocation = CacheTagsInterceptor.currentInvocation(this.name);
			if (invocation != null) {
				this.hotKeys.attach(id, invocation);
			}
		}
	}

	private @Nullable Entry load(Object key, String id, Callable<?> valueLoader, Miss miss) throws Exception {
		return load(key, id, valueLoader, null, miss);
	}

	/**
	 * Runs a loader and writes its value: a fill after {@code miss}, or an early refresh without one.
	 */
	private @Nullable Entry load(Object key, String id, Callable<?> valueLoader, String @Nullable [] inheritedTags,
			@Nullable Miss miss) throws Exception {
		int stripe = VersionGuard.stripe(id);
		long epoch = this.guard.epoch();
		long version = this.guard.version(stripe);
		long start = System.nanoTime();
		Object value;
		try {
			CacheObservations observations = this.cache.observations();
			value = (observations != null && observations.isActive()) ? observations.load(this.name, valueLoader)
					: valueLoader.call();
		}
		catch (Exception ex) {
			this.statistics.loadFailure();
			throw ex;
		}
		captureInvocation(id);
		return loaded(key, id, value, start, inheritedTags, stripe, epoch, version, miss);
	}

	/**
	 * Writes what a loader returned: a fill after {@code miss}, or an early refresh without one; not at all if the key
	 * was invalidated since the load began ({@code stripe}, {@code epoch}, {@code version}).
	 */
	private @Nullable Entry loaded(Object key, String id, @Nullable Object value, long start,
			String @Nullable [] inheritedTags, int stripe, long epoch, long version, @Nullable Miss miss) {
		long loadNanos = Math.max(1, System.nanoTime() - start);
		this.statistics.load(loadNanos);
		this.hotKeys.record(id, 0, loadNanos);
		if (value instanceof NullValue) {
			value = null;
		}
		if (value == null && !this.settings.allowNullValues()) {
			return null;
		}
		Duration ttl = (value != null) ? this.cache.ttl() : this.settings.nullTtl();
		Entry entry = new Entry(id, value, System.currentTimeMillis() + ttl.toMillis(), loadNanos,
				(inheritedTags != null) ? inheritedTags : CacheTagsInterceptor.currentTags(value, NO_TAGS));
		fill(key, entry, stripe, epoch, version, miss);
		return entry;
	}

	/**
	 * Writes a fill (after {@code miss}) or an early refresh (without one) to the layers below and installs it in L1,
	 * unless the key was invalidated since the load began ({@code stripe}, {@code epoch}, {@code version}): then the
	 * value may predate the change, and only the caller gets it. A fill is not broadcast: no other instance can hold
	 * a newer value for a key that was missing everywhere.
	 */
	private void fill(Object key, Entry entry, int stripe, long epoch, long version, @Nullable Miss miss) {
		if (!this.guard.unchanged(stripe, epoch, version)) {
			return;
		}
		this.writes.write(entry.id, entry, (miss != null) ? LowerWrites.Kind.FILL : LowerWrites.Kind.REFRESH, miss);
		if (!this.guard.unchanged(stripe, epoch, version)) {
			// invalidated while the fill was written: this instance's own layers may have taken it after the
			// invalidation removed the key there (the shared layer's fill is conditional)
			for (GuardedLayer layer : this.lower) {
				if (!layer.layer().isShared()) {
					layer.evict(this.name, entry.id);
				}
			}
			return;
		}
		this.cache.install(key, entry, stripe, epoch, version);
	}

	/**
	 * Loads with a lease on the key shared by every instance: the holder loads and writes L2, the others wait for
	 * that value. Without Redis, or when the lease outlives its holder, the key is loaded locally.
	 */
	private @Nullable Entry loadOnceInFleet(Object key, String id, Callable<?> valueLoader, GuardedLock lock,
			Miss miss) throws Exception {
		GuardedLock.Lease lease = lock.tryLock(this.name, id);
		if (lease == GuardedLock.UNAVAILABLE) {
			return load(key, id, valueLoader, miss);
		}
		if (lease != null) {
			try {
				return load(key, id, valueLoader, miss);
			}
			finally {
				lock.unlock(this.name, id, lease);
			}
		}
		long deadline = System.nanoTime() + lock.leaseNanos();
		while (System.nanoTime() < deadline) {
			Thread.sleep(20);
			Entry entry = this.reads.read(key, id, miss);
			if (entry != null) {
				return entry;
			}
		}
		return load(key, id, valueLoader, miss);
	}

	private @Nullable Entry awaitLoad(CompletableFuture<@Nullable Entry> running, Object key, Callable<?> loader) {
		try {
			return running.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof ValueRetrievalException retrieval) ? retrieval
					: new ValueRetrievalException(key, loader, cause);
		}
	}

	static @Nullable Object valueOf(@Nullable Entry entry) {
		return (entry != null) ? entry.value : null;
	}

}
