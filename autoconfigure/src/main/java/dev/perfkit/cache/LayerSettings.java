package dev.perfkit.cache;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.Assert;

/**
 * Settings of one layer below L1 of a {@link LayeredCacheManager}, held by the layer rather than looked up by its name:
 * where it sits among the other layers, how long a call to it may take before its circuit breaker counts the call as
 * slow, and, for each cache, whether the cache uses the layer and how long the cache's entries stay there.
 * <p>
 * Immutable; each {@code with…} method returns a copy.
 *
 * @since 0.1.0
 */
public final class LayerSettings {

	// a call over the network is expected back sooner than one that may wait on a local file's lock
	private static final Duration SHARED_TIMEOUT = Duration.ofMillis(250);

	private static final Duration LOCAL_TIMEOUT = Duration.ofMillis(500);

	private final int order;

	private final Duration timeout;

	private final Function<String, PerCache> caches;

	private LayerSettings(int order, Duration timeout, Function<String, PerCache> caches) {
		Assert.isTrue(!timeout.isNegative(), "timeout must not be negative");
		this.order = order;
		this.timeout = timeout;
		this.caches = caches;
	}

	/**
	 * Settings of a layer that every cache uses with its entries' own time-to-live, placed below the layers given an
	 * order, in the order the layers were added.
	 * @param timeout time after which a call counts as slow for the layer's circuit breaker
	 * @return the settings
	 */
	public static LayerSettings of(Duration timeout) {
		return new LayerSettings(Ordered.LOWEST_PRECEDENCE, timeout, (cache) -> PerCache.DEFAULT);
	}

	/**
	 * Default settings of a layer: {@link #of} with 250 ms for a {@linkplain CacheLayer#isShared() shared} layer, 500
	 * ms for a local one.
	 * @param layer the layer
	 * @return the settings
	 */
	public static LayerSettings defaults(CacheLayer layer) {
		return of(layer.isShared() ? SHARED_TIMEOUT : LOCAL_TIMEOUT);
	}

	/**
	 * A copy with another position: layers of a lower order sit above (are read before) layers of a higher one.
	 * @param order the order
	 * @return the settings
	 */
	public LayerSettings withOrder(int order) {
		return new LayerSettings(order, this.timeout, this.caches);
	}

	/**
	 * A copy with another slow-call time.
	 * @param timeout time after which a call counts as slow for the layer's circuit breaker
	 * @return the settings
	 */
	public LayerSettings withTimeout(Duration timeout) {
		return new LayerSettings(this.order, timeout, this.caches);
	}

	/**
	 * A copy with another per-cache resolution, called once when a cache is created.
	 * @param caches whether each cache, by name, uses the layer, and for how long
	 * @return the settings
	 */
	public LayerSettings withCaches(Function<String, PerCache> caches) {
		return new LayerSettings(this.order, this.timeout, caches);
	}

	/**
	 * Position of the layer: lower sits above.
	 * @return the order
	 */
	public int getOrder() {
		return this.order;
	}

	/**
	 * Time after which a call to the layer counts as slow for its circuit breaker.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Whether a cache uses the layer, and for how long.
	 * @param cache the cache name
	 * @return the cache's use of the layer
	 */
	public PerCache forCache(String cache) {
		return this.caches.apply(cache);
	}

	/**
	 * One cache's use of a layer.
	 *
	 * @param enabled whether the cache uses the layer
	 * @param ttl longest time an entry of the cache stays in the layer, or {@code null} for the entry's own TTL
	 * @since 0.1.0
	 */
	public record PerCache(boolean enabled, @Nullable Duration ttl) {

		/** Used, with each entry's own time-to-live. */
		public static final PerCache DEFAULT = new PerCache(true, null);

		/** Not used. */
		public static final PerCache OFF = new PerCache(false, null);

	}

}
