package dev.perfkit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.perfkit.cache.observation.CacheObservations;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.Assert;
import org.springframework.util.CustomizableThreadCreator;

/**
 * A Spring {@link CacheManager} of {@link LayeredCache}s: L1 in memory, then the {@link CacheLayer}s given (L2 Redis,
 * L3 SQLite), coherent across the instances of an application through an {@link InvalidationBus}.
 *
 * @since 0.1.0
 */
public class LayeredCacheManager implements CacheManager, SmartInitializingSingleton, DisposableBean {

	private static final int ASYNC_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

	private static final int ASYNC_QUEUE = 10_000;

	private final Function<String, LayeredCacheSettings> settings;

	private final List<GuardedLayer> layers;

	private final EntryCodec codec;

	private final InvalidationBus bus;

	private final boolean dynamic;

	private final @Nullable CacheLock lock;

	private final Duration lockLease;

	private final ConcurrentMap<String, LayeredCache> caches = new ConcurrentHashMap<>();

	private final ThreadPoolExecutor refreshExecutor;

	// continues the asynchronous reads (retrieve) after a layer answered, reads SQLite and writes loaded values: never
	// the caller's thread nor a Redis client's I/O thread; its threads end when the manager is destroyed
	private final ThreadPoolExecutor asyncExecutor;

	private final int maxKeyBytes;

	private final int maxValueBytes;

	private final List<Consumer<LayeredCache>> listeners = new ArrayList<>();

	private final CacheKeys keys;

	private LayeredCacheManager(Builder builder) {
		this.settings = builder.settings;
		List<GuardedLayer> guarded = new ArrayList<>();
		for (Map.Entry<CacheLayer, LayerSettings> layer : builder.layers) {
			guarded.add(new GuardedLayer(layer.getKey(), layer.getValue(), builder.recoveryInterval,
					GuardedLayer.Journal.DEFAULT_CAPACITY, builder.circuitBreakers));
		}
		// a stable sort: layers of the same order stay in the order they were added
		guarded.sort(Comparator.comparingInt((GuardedLayer layer) -> layer.settings().getOrder()));
		this.layers = List.copyOf(guarded);
		for (GuardedLayer layer : this.layers) {
			layer.onRepair(new Repairs(layer.layer().isShared()));
		}
		this.codec = new EntryCodec(builder.serializer, builder.compression, builder.compressionThreshold,
				builder.maxValueBytes);
		this.bus = builder.bus;
		this.dynamic = builder.cacheNames.isEmpty();
		this.lock = builder.lock;
		this.lockLease = builder.lockLease;
		this.maxKeyBytes = builder.maxKeyBytes;
		this.maxValueBytes = builder.maxValueBytes;
		this.keys = new CacheKeys((builder.keyConversionService != null) ? builder.keyConversionService
				: CacheKeys.defaultConversionService());
		CustomizableThreadCreator threads = new CustomizableThreadCreator("perfkit-cache-refresh-");
		threads.setDaemon(true);
		this.refreshExecutor = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
				threads::createThread, new ThreadPoolExecutor.AbortPolicy());
		CustomizableThreadCreator asyncThreads = new CustomizableThreadCreator("perfkit-cache-async-");
		asyncThreads.setDaemon(true);
		this.asyncExecutor = new ThreadPoolExecutor(ASYNC_THREADS, ASYNC_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(ASYNC_QUEUE), asyncThreads::createThread, new ThreadPoolExecutor.AbortPolicy());
		this.asyncExecutor.allowCoreThreadTimeOut(true);
		for (String name : builder.cacheNames) {
			this.caches.put(name, createCache(name));
		}
	}

	/**
	 * Name of the circuit breaker that guards a layer, in the {@link CircuitBreakerRegistry} given to
	 * {@link Builder#circuitBreakerRegistry} ({@code perfkit-cache-redis}, {@code perfkit-cache-sqlite}).
	 * @param layer the layer's name
	 * @return the breaker's name
	 */
	public static String circuitBreakerName(String layer) {
		return "perfkit-cache-" + layer;
	}

	/**
	 * Starts a builder.
	 * @param serializer how values are written to the shared and persistent layers
	 * @return the builder
	 */
	public static Builder builder(CacheValueSerializer serializer) {
		return new Builder(serializer);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.bus.start(new BusListener());
	}

	@Override
	public @Nullable Cache getCache(String name) {
		LayeredCache cache = this.caches.get(name);
		if (cache == null && this.dynamic) {
			synchronized (this.listeners) {
				cache = this.caches.get(name);
				if (cache == null) {
					cache = createCache(name);
					this.caches.put(name, cache);
					for (Consumer<LayeredCache> listener : this.listeners) {
						listener.accept(cache);
					}
				}
			}
		}
		return cache;
	}

	/**
	 * Observes the loads and lower-layer calls of every cache of this manager, existing and future.
	 * @param observations the observations
	 */
	public void observe(CacheObservations observations) {
		for (GuardedLayer layer : this.layers) {
			layer.observe(observations);
		}
		onCacheCreated((cache) -> cache.observe(observations));
	}

	/**
	 * Calls a listener for every cache of this manager, now for the existing ones and later for each new one; how
	 * meters are bound to caches created on first use.
	 * @param listener the listener
	 */
	public void onCacheCreated(Consumer<LayeredCache> listener) {
		synchronized (this.listeners) {
			this.listeners.add(listener);
			this.caches.values().forEach(listener);
		}
	}

	/**
	 * Returns a cache of this manager with its layered API (per-entry TTL and tags).
	 * @param name the cache name
	 * @return the cache, or {@code null} if the manager has a fixed set of caches without this one
	 */
	public @Nullable LayeredCache getLayeredCache(String name) {
		return (LayeredCache) getCache(name);
	}

	@Override
	public Collection<String> getCacheNames() {
		return Collections.unmodifiableSet(new LinkedHashSet<>(this.caches.keySet()));
	}

	/**
	 * Names of the layers below L1, top first.
	 * @return the layer names
	 */
	public List<String> getLayerNames() {
		return this.layers.stream().map(GuardedLayer::name).toList();
	}

	/**
	 * Removes every entry carrying one of the tags, from every cache, every layer and every instance.
	 * @param tags the tags
	 */
	public void invalidateTags(String... tags) {
		List<String> list = List.of(tags);
		if (list.isEmpty()) {
			return;
		}
		Set<String> set = Set.copyOf(list);
		// lower layers before L1: a read between the two would otherwise copy an invalidated value back into L1
		for (GuardedLayer layer : this.layers) {
			layer.invalidateTags(set);
		}
		for (LayeredCache cache : this.caches.values()) {
			cache.invalidateTagsInMemory(set);
		}
		this.bus.publish(Invalidation.tags(list));
	}

	/**
	 * Health of each layer below L1: {@code null} when it answers, else the failure, and whether its breaker is open.
	 * @return layer states, top first
	 */
	public List<LayerState> getLayerStates() {
		List<LayerState> states = new ArrayList<>();
		for (GuardedLayer layer : this.layers) {
			Throwable failure = layer.ping();
			states.add(new LayerState(layer.name(), failure == null, layer.breaker().getState().name(),
					layer.failures(), layer.skipped(), (failure != null) ? failure.toString() : layer.lastError()));
		}
		return states;
	}

	/**
	 * Number of entries a layer holds for a cache, -1 when unknown.
	 * @param cache the cache name
	 * @param layer the layer name
	 * @return the size or -1
	 */
	public long getLayerSize(String cache, String layer) {
		for (GuardedLayer guarded : this.layers) {
			if (guarded.name().equals(layer)) {
				return guarded.size(cache);
			}
		}
		return -1;
	}

	/**
	 * Writes a layer could not take (breaker open, failure) and will replay as removals before it is read again.
	 * @param layer the layer name
	 * @return the number of journaled writes, -1 when the journal overflowed into a full clear, 0 for an unknown
	 * layer
	 */
	public int getPendingRepairs(String layer) {
		for (GuardedLayer guarded : this.layers) {
			if (guarded.name().equals(layer)) {
				return guarded.pendingRepairs();
			}
		}
		return 0;
	}

	/**
	 * The layer implementations below L1.
	 * @return the layers, top first
	 */
	public List<CacheLayer> getLayers() {
		return this.layers.stream().map(GuardedLayer::layer).toList();
	}

	@Override
	public void destroy() {
		this.bus.close();
		this.refreshExecutor.shutdown();
		this.asyncExecutor.shutdown();
	}

	private LayeredCache createCache(String name) {
		LayeredCacheSettings cacheSettings = this.settings.apply(name);
		List<GuardedLayer> used = new ArrayList<>();
		for (GuardedLayer layer : this.layers) {
			if (layer.settings().forCache(name).enabled()) {
				used.add(layer);
			}
		}
		GuardedLock lock = null;
		if (this.lock != null) {
			// the lock's leases live in the shared store: a cache that keeps nothing there has no fleet to wait for
			for (GuardedLayer layer : used) {
				if (layer.layer().isShared()) {
					lock = new GuardedLock(this.lock, layer.breaker(), this.lockLease);
					break;
				}
			}
		}
		return new LayeredCache(name, cacheSettings, used, this.codec, this.bus, this.refreshExecutor,
				this.asyncExecutor, lock,
				this.maxKeyBytes, this.maxValueBytes, this.keys);
	}

	/**
	 * State of one layer.
	 *
	 * @param name the layer name
	 * @param up whether the layer answered a ping just now
	 * @param circuitBreaker state of the layer's circuit breaker
	 * @param failures failed calls since start
	 * @param skipped calls skipped while the breaker was open
	 * @param lastError the most recent failure, if any
	 */
	public record LayerState(String name, boolean up, String circuitBreaker, long failures, long skipped,
			@Nullable String lastError) {
	}

	/** Announces what a layer replayed: to the other instances if they share the layer. */
	private final class Repairs implements GuardedLayer.Repairs {

		private final boolean shared;

		Repairs(boolean shared) {
			this.shared = shared;
		}

		@Override
		public Collection<String> cacheNames() {
			return List.copyOf(LayeredCacheManager.this.caches.keySet());
		}

		@Override
		public void replayed(List<Invalidation> invalidations) {
			if (this.shared) {
				invalidations.forEach(LayeredCacheManager.this.bus::publish);
			}
		}

	}

	private final class BusListener implements InvalidationBus.Listener {

		@Override
		public void invalidated(Invalidation invalidation) {
			switch (invalidation.type()) {
				case EVICT -> {
					String key = invalidation.key();
					LayeredCache cache = LayeredCacheManager.this.caches.get(invalidation.cache());
					if (key == null) {
						return;
					}
					if (cache != null) {
						cache.evictLocally(key);
					}
					else {
						localLayers().forEach((layer) -> layer.evict(invalidation.cache(), key));
					}
				}
				case CLEAR -> {
					LayeredCache cache = LayeredCacheManager.this.caches.get(invalidation.cache());
					if (cache != null) {
						cache.clearLocally();
					}
					else {
						localLayers().forEach((layer) -> layer.clear(invalidation.cache()));
					}
				}
				case TAGS -> {
					Set<String> tags = Set.copyOf(invalidation.tags());
					localLayers().forEach((layer) -> layer.invalidateTags(tags));
					for (LayeredCache cache : LayeredCacheManager.this.caches.values()) {
						cache.invalidateTagsInMemory(tags);
					}
				}
			}
		}

		@Override
		public void tick() {
			for (GuardedLayer layer : LayeredCacheManager.this.layers) {
				layer.repair();
			}
		}

		@Override
		public void lost() {
			// the instance's own layers too: a read that finds L1 empty and the shared layer skipped or holding a
			// tombstone would otherwise copy the superseded value back from L3 into L1, and nothing would remove it
			for (LayeredCache cache : LayeredCacheManager.this.caches.values()) {
				cache.clearLocally();
			}
		}

		private List<GuardedLayer> localLayers() {
			return LayeredCacheManager.this.layers.stream().filter((layer) -> !layer.layer().isShared()).toList();
		}

	}

	/**
	 * Builds a {@link LayeredCacheManager}.
	 */
	public static final class Builder {

		private final CacheValueSerializer serializer;

		private Function<String, LayeredCacheSettings> settings = (name) -> LayeredCacheSettings.defaults();

		private final List<Map.Entry<CacheLayer, LayerSettings>> layers = new ArrayList<>();

		private CompressionType compression = CompressionType.NONE;

		private int compressionThreshold = 1024;

		private InvalidationBus bus = NoInvalidationBus.INSTANCE;

		private Duration recoveryInterval = Duration.ofSeconds(1);

		private final Set<String> cacheNames = new LinkedHashSet<>();

		private @Nullable CacheLock lock;

		private Duration lockLease = Duration.ofSeconds(10);

		private int maxKeyBytes = 1024;

		private int maxValueBytes = 1024 * 1024;

		private @Nullable ConversionService keyConversionService;

		private @Nullable CircuitBreakerRegistry circuitBreakers;

		private Builder(CacheValueSerializer serializer) {
			this.serializer = serializer;
		}

		/**
		 * Settings of each cache, by name.
		 * @param settings the resolver
		 * @return this builder
		 */
		public Builder settings(Function<String, LayeredCacheSettings> settings) {
			this.settings = settings;
			return this;
		}

		/**
		 * Adds a layer with its {@linkplain LayerSettings#defaults default settings}: used by every cache, below the
		 * layers added before it and those given an order.
		 * @param layer the layer
		 * @return this builder
		 */
		public Builder layer(CacheLayer layer) {
			return layer(layer, LayerSettings.defaults(layer));
		}

		/**
		 * Adds a layer with its own settings: its position, its slow-call time, and which caches use it for how long.
		 * @param layer the layer
		 * @param settings the layer's settings
		 * @return this builder
		 */
		public Builder layer(CacheLayer layer, LayerSettings settings) {
			this.layers.add(Map.entry(layer, settings));
			return this;
		}

		/**
		 * Compression of values at or above a size.
		 * @param compression the algorithm
		 * @param threshold the smallest serialized size, in bytes, that is compressed
		 * @return this builder
		 */
		public Builder compression(CompressionType compression, int threshold) {
			this.compression = compression;
			this.compressionThreshold = threshold;
			return this;
		}

		/**
		 * Carrier of invalidations between instances.
		 * @param bus the bus
		 * @return this builder
		 */
		public Builder invalidationBus(InvalidationBus bus) {
			this.bus = bus;
			return this;
		}

		/**
		 * How long a failed layer is skipped before it is tried again.
		 * @param recoveryInterval the interval
		 * @return this builder
		 */
		public Builder recoveryInterval(Duration recoveryInterval) {
			this.recoveryInterval = recoveryInterval;
			return this;
		}

		/**
		 * Single-flight across instances: a miss of a {@code sync = true} read takes a lease on the key in the Redis
		 * layer before loading, and the other instances wait for the value instead of loading it too.
		 * @param lock the lock, used by caches that use a {@linkplain CacheLayer#isShared() shared} layer, guarded by
		 * the first such layer's circuit breaker
		 * @param lease how long a lease lasts, and how long the others wait before loading themselves
		 * @return this builder
		 */
		public Builder distributedLock(CacheLock lock, Duration lease) {
			this.lock = lock;
			this.lockLease = lease;
			return this;
		}

		/**
		 * Limits of what is written to the layers below L1: an entry whose key or stored frame (serialized and
		 * compressed) is larger stays in L1 only, and is counted.
		 * @param maxKeyBytes largest key, in UTF-8 bytes (1 KB unless set)
		 * @param maxValueBytes largest stored entry, in bytes (1 MB unless set)
		 * @return this builder
		 */
		public Builder limits(int maxKeyBytes, int maxValueBytes) {
			this.maxKeyBytes = maxKeyBytes;
			this.maxValueBytes = maxValueBytes;
			return this;
		}

		/**
		 * How keys that are not strings become the strings that name them in Redis, SQLite and invalidations, as
		 * Spring Data Redis's {@code RedisCacheConfiguration#withConversionService}: a key is converted if this
		 * service can convert it to {@code String}, else through its own {@code toString()}, else refused. Without
		 * it, Spring's default conversions and {@code SimpleKey#toString()}.
		 * @param conversionService the conversion service
		 * @return this builder
		 */
		public Builder keyConversionService(ConversionService conversionService) {
			this.keyConversionService = conversionService;
			return this;
		}

		/**
		 * Where the layers' circuit breakers live, named by {@link LayeredCacheManager#circuitBreakerName}: a breaker
		 * already in the registry (configured under {@code resilience4j.circuitbreaker.instances}) is used as it is,
		 * else one is added with Perfkit's defaults (derived from each layer's {@link LayerSettings#getTimeout()} and
		 * {@link #recoveryInterval}).
		 * Without a registry each layer has a breaker of its own, outside any registry.
		 * @param registry the registry
		 * @return this builder
		 */
		public Builder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
			this.circuitBreakers = registry;
			return this;
		}

		/**
		 * Fixes the set of caches; without it caches are created on first use.
		 * @param names the cache names
		 * @return this builder
		 */
		public Builder cacheNames(Collection<String> names) {
			this.cacheNames.addAll(names);
			return this;
		}

		/**
		 * Builds the manager.
		 * @return the manager
		 */
		public LayeredCacheManager build() {
			Assert.isTrue(this.compressionThreshold >= 0, "compressionThreshold must not be negative");
			Assert.isTrue(this.maxKeyBytes > 0 && this.maxValueBytes > 0, "limits must be positive");
			return new LayeredCacheManager(this);
		}

	}

	private enum NoInvalidationBus implements InvalidationBus {

		INSTANCE;

		@Override
		public void publish(Invalidation invalidation) {
		}

		@Override
		public void start(Listener listener) {
		}

		@Override
		public void close() {
		}

	}

}
