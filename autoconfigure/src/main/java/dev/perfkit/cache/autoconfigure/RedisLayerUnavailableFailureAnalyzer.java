package dev.perfkit.cache.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link RedisLayerUnavailableException}: what is missing and the ways out.
 *
 * @since 0.1.0
 */
public final class RedisLayerUnavailableFailureAnalyzer
		extends AbstractFailureAnalyzer<RedisLayerUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisLayerUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage() + ". Perfkit's Redis layer, invalidation bus and lock run on a "
				+ "Lettuce connection of their own, derived from the application's Lettuce or Jedis connection "
				+ "factory (same server, credentials, database and TLS).",
				(cause.getCause() instanceof IllegalStateException)
						? "Configure the Redis connection's TLS with an SSL bundle (spring.ssl.bundle.pem.<name>.* or "
								+ "spring.ssl.bundle.jks.<name>.*, and spring.data.redis.ssl.bundle=<name>), or set "
								+ "perfkit.cache.redis.enabled=false to run the layered cache without its Redis layer."
						: "Keep io.lettuce:lettuce-core on the class path (your application can stay on Jedis: only "
								+ "Perfkit uses Lettuce), or set perfkit.cache.redis.enabled=false to run the layered "
								+ "cache without its Redis layer.",
				cause);
	}

}
