package dev.perfkit.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.perfkit.cache.CacheLayer;

/**
 * L2: entries in Redis, standalone or cluster, through the application's {@link LettuceConnectionFactory}. An entry
 * is one string key {@code <prefix><cache>::<key>} holding the entry frame, with the entry's own expiry
 * ({@code PXAT}); a read is one {@code GET}. Tags are sets {@code <prefix>__tag::<tag>} of entry keys. Every command
 * is bounded by the layer's timeout, independently of the client's own command timeout, so a hanging server costs a
 * caller at most that long.
 *
 * @since 0.1.0
 */
public class RedisCacheLayer implements CacheLayer {

	private static final int TAG_BATCH = 1000;

	private final LettuceConnectionFactory connectionFactory;

	private final String prefix;

	private final long timeoutNanos;

	/**
	 * Creates the layer.
	 * @param connectionFactory the application's Redis connection factory
	 * @param prefix prefix of every key the cache writes
	 * @param timeout longest wait for one command
	 */
	public RedisCacheLayer(LettuceConnectionFactory connectionFactory, String prefix, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.prefix = prefix;
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public String name() {
		return "redis";
	}

	/**
	 * Prefix of every key the cache writes.
	 * @return the key prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	@Override
	public byte @Nullable [] get(String cache, String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return await(commands(connection).get(entryKey(cache, key)));
		}
	}

	@Override
	public void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = commands(connection);
			byte[] entryKey = entryKey(cache, key);
			RedisFuture<String> set = commands.set(entryKey, frame, SetArgs.Builder.pxAt(expiresAtMillis));
			if (tags.length == 0) {
				await(set);
				return;
			}
			List<RedisFuture<?>> pending = new ArrayList<>();
			pending.add(set);
			for (String tag : tags) {
				byte[] tagKey = tagKey(tag);
				pending.add(commands.sadd(tagKey, entryKey));
				// a tag set lives as long as its longest-lived entry: set an expiry if none, extend it if shorter
				pending.add(commands.pexpireat(tagKey, expiresAtMillis, ExpireArgs.Builder.nx()));
				pending.add(commands.pexpireat(tagKey, expiresAtMillis, ExpireArgs.Builder.gt()));
			}
			for (RedisFuture<?> future : pending) {
				await(future);
			}
		}
	}

	@Override
	public void evict(String cache, String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			await(commands(connection).del(entryKey(cache, key)));
		}
	}

	@Override
	public void clear(String cache) {
		deleteMatching(glob(this.prefix + cache + "::") + "*");
	}

	@Override
	public void invalidateTags(Collection<String> tags) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = commands(connection);
			for (String tag : tags) {
				byte[] tagKey = tagKey(tag);
				// members are popped, never read and the set deleted after: an entry tagged between the read and the
				// delete would keep its value but lose its tag, and outlive every later invalidation of the tag
				Set<byte[]> members;
				do {
					members = await(commands.spop(tagKey, TAG_BATCH));
					List<RedisFuture<Long>> deletes = new ArrayList<>();
					if (members != null) {
						for (byte[] member : members) {
							deletes.add(commands.del(member));
						}
					}
					for (RedisFuture<Long> delete : deletes) {
						await(delete);
					}
				}
				while (members != null && members.size() >= TAG_BATCH);
			}
		}
	}

	@Override
	public void ping() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			await(commands(connection).ping());
		}
	}

	/**
	 * The server's {@code INFO} (all default sections), as Redis returns it.
	 * @return the info text
	 */
	public String info() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			String info = await(commands(connection).info());
			return (info != null) ? info : "";
		}
	}

	/**
	 * The cluster's {@code CLUSTER NODES} answer, or an empty string for a standalone server.
	 * @return the cluster nodes text
	 */
	public String clusterNodes() {
		if (!isCluster()) {
			return "";
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			String nodes = await(commands(connection).clusterNodes());
			return (nodes != null) ? nodes : "";
		}
	}

	/**
	 * Whether the connection factory talks to a Redis Cluster.
	 * @return whether Redis is clustered
	 */
	public boolean isCluster() {
		return this.connectionFactory.isClusterAware();
	}

	/**
	 * The Redis key of an entry, for tests and tools.
	 * @param cache the cache name
	 * @param key the entry key
	 * @return the Redis key
	 */
	public byte[] entryKey(String cache, String key) {
		return (this.prefix + cache + "::" + key).getBytes(StandardCharsets.UTF_8);
	}

	private byte[] tagKey(String tag) {
		return (this.prefix + "__tag::" + tag).getBytes(StandardCharsets.UTF_8);
	}

	private void deleteMatching(String pattern) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = commands(connection);
			ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
			KeyScanCursor<byte[]> cursor = await(commands.scan(args));
			while (cursor != null) {
				List<byte[]> keys = cursor.getKeys();
				if (!keys.isEmpty()) {
					await(commands.unlink(keys.toArray(byte[][]::new)));
				}
				if (cursor.isFinished()) {
					break;
				}
				// the cursor object itself: on a cluster it also knows which node the scan is on
				cursor = await(commands.scan(cursor, args));
			}
		}
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

	private static String glob(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length() + 4);
		for (char c : literal.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	@Override
	public String toString() {
		return "RedisCacheLayer[" + this.prefix + "]";
	}

}
