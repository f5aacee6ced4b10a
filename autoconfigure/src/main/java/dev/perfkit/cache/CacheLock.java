package dev.perfkit.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A lease lock shared by the instances of an application, so that one instance in the whole fleet loads a missing
 * key while the others wait for its value ({@code sync = true} single-flight across instances). Implementations may
 * throw on failure; the cache then loads locally.
 *
 * @since 0.1.0
 */
public interface CacheLock {

	/**
	 * Tries to take the lease on a key.
	 * @param cache the cache name
	 * @param key the key
	 * @param lease how long the lease lasts if it is never released
	 * @return a token to release the lease with, or {@code null} if another holder has it
	 */
	@Nullable String tryLock(String cache, String key, Duration lease);

	/**
	 * Releases a lease if it is still held with the token.
	 * @param cache the cache name
	 * @param key the key
	 * @param token the token {@link #tryLock} returned
	 */
	void unlock(String cache, String key, String token);

}
