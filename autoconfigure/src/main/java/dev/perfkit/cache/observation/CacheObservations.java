package dev.perfkit.cache.observation;

import java.util.concurrent.Callable;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes the layered cache's loader calls and lower-layer calls. The callers check {@link #isActive()} first, so
 * nothing is allocated while the registry has no handler.
 *
 * @since 0.1.0
 */
public final class CacheObservations {

	private final ObservationRegistry registry;

	private final @Nullable CacheLoadObservationConvention loadConvention;

	private final @Nullable CacheLayerObservationConvention layerConvention;

	/**
	 * Create observations with the default conventions.
	 * @param registry the registry
	 */
	public CacheObservations(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Create observations.
	 * @param registry the registry
	 * @param loadConvention the convention for loads, {@code null} for the default
	 * @param layerConvention the convention for lower-layer calls, {@code null} for the default
	 */
	public CacheObservations(ObservationRegistry registry, @Nullable CacheLoadObservationConvention loadConvention,
			@Nullable CacheLayerObservationConvention layerConvention) {
		this.registry = registry;
		this.loadConvention = loadConvention;
		this.layerConvention = layerConvention;
	}

	/**
	 * Whether a call would be observed now.
	 * @return {@code false} while the registry has no handler
	 */
	public boolean isActive() {
		return !this.registry.isNoop();
	}

	/**
	 * Calls a loader in an observation that is current while it runs, so that what it does (SQL) is its child.
	 * @param <T> the value type
	 * @param cache the cache
	 * @param loader the loader
	 * @return the loaded value
	 * @throws Exception as the loader
	 */
	public <T> T load(String cache, Callable<T> loader) throws Exception {
		CacheLoadContext context = new CacheLoadContext(cache);
		return Observation
			.createNotStarted(this.loadConvention, DefaultCacheLoadObservationConvention.INSTANCE, () -> context,
					this.registry)
			.observeChecked(loader::call);
	}

	/**
	 * Starts observing a load that ends later, current until it ends: the run of a {@code @Cacheable} method after a
	 * miss, which happens outside the cache.
	 * @param cache the cache
	 * @return the load, to {@link Load#end(Throwable) end} on the same thread
	 */
	public Load startLoad(String cache) {
		CacheLoadContext context = new CacheLoadContext(cache);
		Observation observation = Observation
			.createNotStarted(this.loadConvention, DefaultCacheLoadObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		return new Load(observation, observation.openScope());
	}

	/**
	 * Reads from a lower layer in an observation.
	 * @param layer the layer
	 * @param cache the cache
	 * @param read the read
	 * @return what it read
	 */
	public byte @Nullable [] read(String layer, String cache, LayerRead read) {
		CacheLayerContext context = new CacheLayerContext(layer, "read", cache);
		return Observation
			.createNotStarted(this.layerConvention, DefaultCacheLayerObservationConvention.INSTANCE, () -> context,
					this.registry)
			.observe(read::read);
	}

	/**
	 * Writes to a lower layer in an observation.
	 * @param layer the layer
	 * @param cache the cache written to, {@code null} for a write that spans every cache (a tag invalidation)
	 * @param write the write
	 */
	public void write(String layer, @Nullable String cache, Runnable write) {
		CacheLayerContext context = new CacheLayerContext(layer, "write", cache);
		Observation
			.createNotStarted(this.layerConvention, DefaultCacheLayerObservationConvention.INSTANCE, () -> context,
					this.registry)
			.observe(write);
	}

	/** A read from a layer. */
	@FunctionalInterface
	public interface LayerRead {

		/**
		 * Read.
		 * @return the frame, or {@code null}
		 */
		byte @Nullable [] read();

	}

	/** A load observed from its start until {@link #end(Throwable)}. */
	public static final class Load {

		private final Observation observation;

		private final Observation.Scope scope;

		Load(Observation observation, Observation.Scope scope) {
			this.observation = observation;
			this.scope = scope;
		}

		/**
		 * Ends the load, on the thread that started it.
		 * @param failure what the load threw, or {@code null}
		 */
		public void end(@Nullable Throwable failure) {
			this.scope.close();
			if (failure != null) {
				this.observation.error(failure);
			}
			this.observation.stop();
		}

	}

}
