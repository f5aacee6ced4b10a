package dev.perfkit.cache;

/**
 * Carries {@link Invalidation}s between the instances of an application. An implementation must detect lost or
 * late messages and report them through {@link Listener#lost()}, so that the receiver can drop its whole L1.
 *
 * @since 0.1.0
 */
public interface InvalidationBus extends AutoCloseable {

	/**
	 * Tells the other instances; never throws.
	 * @param invalidation the change
	 */
	void publish(Invalidation invalidation);

	/**
	 * Starts delivering the other instances' invalidations.
	 * @param listener the receiver
	 */
	void start(Listener listener);

	@Override
	void close();

	/**
	 * Receives invalidations.
	 */
	interface Listener {

		/**
		 * Another instance changed an entry, cache or tag.
		 * @param invalidation the change
		 */
		void invalidated(Invalidation invalidation);

		/**
		 * Invalidations may have been lost (gap in a sequence, reconnect): local copies can no longer be trusted.
		 */
		void lost();

		/**
		 * Called by the bus's own thread at least once per read interval (about a second), even when nothing
		 * arrives: when the cache repairs what its layers missed without waiting for traffic.
		 */
		default void tick() {
		}

	}

}
