package dev.perfkit.cache.autoconfigure;

/**
 * Thrown at start-up when the application has a Redis connection factory but Perfkit cannot build its Redis layer on
 * it (lettuce-core missing, or a factory that is neither Lettuce's nor Jedis's), rather than run without L2.
 *
 * @since 0.1.0
 * @see RedisLayerUnavailableFailureAnalyzer
 */
public class RedisLayerUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param reason why the Redis layer cannot be built
	 */
	public RedisLayerUnavailableException(String reason) {
		super("Perfkit's Redis cache layer cannot be built: " + reason);
	}

}
