package dev.perfkit.cache.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when the application has a Redis connection factory but Perfkit cannot build its Redis layer on
 * it (lettuce-core missing, a factory that is neither Lettuce's nor Jedis's, or a Jedis factory whose TLS settings
 * cannot be reproduced), rather than run without L2.
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
		this(reason, null);
	}

	/**
	 * Creates the exception.
	 * @param reason why the Redis layer cannot be built
	 * @param cause the failure that says why, or {@code null}
	 */
	public RedisLayerUnavailableException(String reason, @Nullable Throwable cause) {
		super("Perfkit's Redis cache layer cannot be built: " + reason, cause);
	}

}
