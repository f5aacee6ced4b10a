package dev.perfkit.resilience.ratelimit;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * {@link RuntimeHintsRegistrar} for the Redis rate limiter: its Lua script is read from the class path.
 *
 * @since 0.1.0
 */
public class RedisClientRateLimiterRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(RedisClientRateLimiter.SCRIPT_LOCATION);
	}

}
