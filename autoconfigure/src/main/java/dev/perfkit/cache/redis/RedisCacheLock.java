package dev.perfkit.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.perfkit.cache.CacheLock;

/**
 * Lease lock on Redis: {@code SET <prefix>__lock::<cache>::<key> <token> NX PX <lease>} to take it, a compare-and-delete
 * script to release it, so a holder whose lease expired never releases its successor's.
 *
 * @since 0.1.0
 */
public class RedisCacheLock implements CacheLock {

	private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('del', KEYS[1]) else return 0 end";

	private final LettuceConnectionFactory connectionFactory;

	private final String prefix;

	private final long timeoutNanos;

	/**
	 * Creates the lock.
	 * @param connectionFactory the application's Redis connection factory
	 * @param prefix the cache's key prefix
	 * @param timeout longest wait for one command
	 */
	public RedisCacheLock(LettuceConnectionFactory connectionFactory, String prefix, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.prefix = prefix;
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public @Nullable String tryLock(String cache, String key, Duration lease) {
		String token = UUID.randomUUID().toString();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			String reply = await(commands(connection).set(lockKey(cache, key), bytes(token),
					SetArgs.Builder.nx().px(lease.toMillis())));
			return "OK".equals(reply) ? token : null;
		}
	}

	@Override
	public void unlock(String cache, String key, String token) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			byte[][] keys = { lockKey(cache, key) };
			await(commands(connection).eval(RELEASE, ScriptOutputType.INTEGER, keys, bytes(token)));
		}
	}

	private byte[] lockKey(String cache, String key) {
		return bytes(this.prefix + "__lock::" + cache + "::" + key);
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<byte[], byte[]> commands(RedisConnection connection) {
		return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

	private <T> @Nullable T await(RedisFuture<T> future) {
		try {
			return future.get(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException("Redis did not answer within " + Duration.ofNanos(this.timeoutNanos), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Redis command failed: " + ex.getCause(), ex.getCause());
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
