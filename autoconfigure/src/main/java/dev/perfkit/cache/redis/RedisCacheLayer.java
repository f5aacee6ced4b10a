package dev.perfkit.cache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
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
 * <p>
 * Fills never win over newer writes: an eviction (or tag invalidation) leaves a tombstone, a unique marker that reads
 * as a miss, for a minute; a fill is one Lua script that stores the entry only if the key still holds what the miss
 * read (nothing, or that very tombstone), so it never overwrites a value or an eviction that came after the miss.
 * An update is a plain {@code SET}. Every write stays one round trip. A {@code putIfAbsent} is {@code SET NX}, and
 * replaces a tombstone (an evicted key is absent) through the fill script.
 * <p>
 * A clear removes the cache's keys, so it leaves no tombstone for a fill to find: it first increments the cache's
 * clear epoch ({@code <prefix>__clear::<cache>}). A miss that read nothing carries the epoch this instance last knew
 * (taken before its {@code GET}), and the fill script stores only while the epoch is still that one; a fill refused
 * for the epoch teaches the instance the current one, so only the fills of misses older than what it learned are
 * refused. On a Redis Cluster the epoch key and an entry key are in different slots, which one script cannot touch:
 * there a fill that missed before a clear may still land after it (until the entry's own expiry).
 *
 * @since 0.1.0
 */
public class RedisCacheLayer implements CacheLayer {

	private static final int TAG_BATCH = 1000;

	// no entry frame starts with 0 (they start with the codec's magic byte)
	private static final byte[] TOMBSTONE_PREFIX = { 0, 'p', 'k', '-', 't', 'o', 'm', 'b' };

	/** How long a tombstone lasts: a fill whose load takes longer than this may overwrite the eviction. */
	static final long TOMBSTONE_MILLIS = Duration.ofMinutes(1).toMillis();

	private static final byte[] NOTHING = {};

	// a miss that read nothing, with the clear epoch known before its GET: reads as a tombstone, never stored
	private static final byte[] NOTHING_PREFIX = { 0, 'p', 'k', '-', 'n', 'o', 'n', 'e' };

	// KEYS[1] entry, KEYS[2] (only when ARGV[4] is set) the cache's clear epoch; ARGV frame, expiry (epoch ms), what
	// the miss read ('' for nothing), the clear epoch of a miss that read nothing ('' for unchecked).
	// 1 stored; 0 the key changed; -1 - epoch: the cache was cleared since, and its epoch is now epoch
	private static final String FILL_SCRIPT = "local current = redis.call('GET', KEYS[1])\n"
			+ "if current == false then current = '' end\n" + "if current ~= ARGV[3] then return 0 end\n"
			+ "if ARGV[4] ~= '' then\n" + "  local epoch = redis.call('GET', KEYS[2]) or '0'\n"
			+ "  if epoch ~= ARGV[4] then return -1 - tonumber(epoch) end\n" + "end\n"
			+ "redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])\n" + "return 1\n";

	private static final LuaScript FILL = new LuaScript(FILL_SCRIPT);

	private static final byte[] EPOCH_ZERO = { '0' };

	// a putIfAbsent retries only when the key changed between two of its commands
	private static final int PUT_IF_ABSENT_ATTEMPTS = 8;

	private final LettuceConnectionFactory connectionFactory;

	private final String prefix;

	private final long timeoutNanos;

	// the clear epoch this instance last knew, per cache (as many as the application's caches); absent: 0
	private final ConcurrentMap<String, byte[]> clearEpochs = new ConcurrentHashMap<>();

	private final boolean clearEpochChecked;

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
		this.clearEpochChecked = !connectionFactory.isClusterAware();
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
		byte[] frame = read(cache, key);
		return (frame != null && isTombstone(frame)) ? null : frame;
	}

	@Override
	public byte @Nullable [] read(String cache, String key) {
		// before the GET: an epoch learned after it could belong to a clear that came after this miss
		byte[] epoch = knownEpoch(cache);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return nothingOr(await(commands(connection).get(entryKey(cache, key))), epoch);
		}
	}

	/**
	 * One {@code GET} through Lettuce's asynchronous API: the future completes on Lettuce's I/O thread, or
	 * exceptionally after the layer's timeout. Only opening the connection, once, may make the caller wait (at most
	 * the connection's acquire timeout).
	 */
	@Override
	public CompletableFuture<byte @Nullable []> readAsync(String cache, String key, Executor executor) {
		byte[] epoch = knownEpoch(cache);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisFuture<byte[]> get = commands(connection).get(entryKey(cache, key));
			return get.toCompletableFuture()
				.orTimeout(this.timeoutNanos, TimeUnit.NANOSECONDS)
				.thenApply((frame) -> nothingOr(frame, epoch));
		}
	}

	private byte @Nullable [] knownEpoch(String cache) {
		return this.clearEpochChecked ? this.clearEpochs.getOrDefault(cache, EPOCH_ZERO) : null;
	}

	/** What a miss read: the frame or tombstone, else nothing marked with the clear epoch known before the read. */
	private static byte @Nullable [] nothingOr(byte @Nullable [] frame, byte @Nullable [] epoch) {
		if (frame != null || epoch == null) {
			return frame;
		}
		byte[] nothing = Arrays.copyOf(NOTHING_PREFIX, NOTHING_PREFIX.length + epoch.length);
		System.arraycopy(epoch, 0, nothing, NOTHING_PREFIX.length, epoch.length);
		return nothing;
	}

	@Override
	public boolean isTombstone(byte[] frame) {
		return startsWith(frame, TOMBSTONE_PREFIX) || startsWith(frame, NOTHING_PREFIX);
	}

	private static boolean startsWith(byte[] frame, byte[] prefix) {
		if (frame.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (frame[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	@Override
	public boolean fill(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags,
			byte @Nullable [] missed) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = commands(connection);
			byte[] entryKey = entryKey(cache, key);
			boolean stored;
			if (missed != null && startsWith(missed, NOTHING_PREFIX)) {
				byte[] epoch = Arrays.copyOfRange(missed, NOTHING_PREFIX.length, missed.length);
				long result = fillScript(commands, new byte[][] { entryKey, epochKey(cache) }, frame, expiresAtMillis,
						NOTHING, epoch);
				if (result < 0) {
					// cleared since: what this instance reads from now on is newer than that clear
					this.clearEpochs.put(cache, Long.toString(-1 - result).getBytes(StandardCharsets.US_ASCII));
				}
				stored = result > 0;
			}
			else {
				stored = compareAndSet(commands, entryKey, frame, expiresAtMillis, (missed != null) ? missed : NOTHING);
			}
			if (!stored) {
				return false;
			}
			if (tags.length > 0) {
				addTags(commands, entryKey, expiresAtMillis, tags);
			}
			return true;
		}
	}

	/**
	 * {@code SET NX} with the entry's expiry; on a key that holds a tombstone, the tombstone is replaced by the fill
	 * script (compare with that tombstone, set): an eviction leaves the key absent, and the value stored over the
	 * tombstone still stops the fills that missed before it. One round trip when the key is absent, two when it holds
	 * a value ({@code GET} after the refused {@code SET NX}), three after an eviction.
	 */
	@Override
	public byte @Nullable [] putIfAbsent(String cache, String key, byte[] frame, long expiresAtMillis,
			String[] tags) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = commands(connection);
			byte[] entryKey = entryKey(cache, key);
			for (int attempt = 0; attempt < PUT_IF_ABSENT_ATTEMPTS; attempt++) {
				SetArgs ifAbsent = SetArgs.Builder.nx().pxAt(expiresAtMillis);
				boolean stored = "OK".equals(await(commands.set(entryKey, frame, ifAbsent)));
				if (!stored) {
					byte[] current = await(commands.get(entryKey));
					if (current == null) {
						// expired or removed between the two commands: absent again
						continue;
					}
					if (!isTombstone(current)) {
						return current;
					}
					stored = compareAndSet(commands, entryKey, frame, expiresAtMillis, current);
				}
				if (stored) {
					if (tags.length > 0) {
						addTags(commands, entryKey, expiresAtMillis, tags);
					}
					return null;
				}
			}
			throw new IllegalStateException("Redis key " + new String(entryKey, StandardCharsets.UTF_8)
					+ " changed under every one of " + PUT_IF_ABSENT_ATTEMPTS + " attempts of putIfAbsent");
		}
	}

	/** The fill script: stores the frame only if the key holds {@code expected} (empty for nothing). */
	private boolean compareAndSet(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] entryKey, byte[] frame,
			long expiresAtMillis, byte[] expected) {
		return fillScript(commands, new byte[][] { entryKey }, frame, expiresAtMillis, expected, NOTHING) > 0;
	}

	private long fillScript(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[][] keys, byte[] frame,
			long expiresAtMillis, byte[] expected, byte[] epoch) {
		byte[] expiry = Long.toString(expiresAtMillis).getBytes(StandardCharsets.US_ASCII);
		Long result = FILL.evaluate((byDigest) -> await(
				FILL.<Long>send(commands, byDigest, ScriptOutputType.INTEGER, keys, frame, expiry, expected, epoch)));
		return (result != null) ? result : 0;
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
			await(set);
			addTags(commands, entryKey, expiresAtMillis, tags);
		}
	}

	private void addTags(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] entryKey, long expiresAtMillis,
			String[] tags) {
		List<RedisFuture<?>> pending = new ArrayList<>();
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

	/** Replaces the entry by a tombstone: a fill that missed before this eviction finds it and does not store. */
	@Override
	public void evict(String cache, String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			await(commands(connection).set(entryKey(cache, key), tombstone(), SetArgs.Builder.px(TOMBSTONE_MILLIS)));
		}
	}

	private static byte[] tombstone() {
		UUID unique = UUID.randomUUID();
		return ByteBuffer.allocate(TOMBSTONE_PREFIX.length + 16)
			.put(TOMBSTONE_PREFIX)
			.putLong(unique.getMostSignificantBits())
			.putLong(unique.getLeastSignificantBits())
			.array();
	}

	/**
	 * Moves the cache's clear epoch on, then removes every key of the cache: a fill whose miss came before the clear
	 * finds the epoch moved and does not store (see the class description).
	 */
	@Override
	public void clear(String cache) {
		if (this.clearEpochChecked) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				Long epoch = await(commands(connection).incr(epochKey(cache)));
				if (epoch != null) {
					this.clearEpochs.put(cache, Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
				}
			}
		}
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
					List<RedisFuture<String>> deletes = new ArrayList<>();
					if (members != null) {
						for (byte[] member : members) {
							deletes.add(commands.set(member, tombstone(), SetArgs.Builder.px(TOMBSTONE_MILLIS)));
						}
					}
					for (RedisFuture<String> delete : deletes) {
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

	private byte[] epochKey(String cache) {
		return (this.prefix + "__clear::" + cache).getBytes(StandardCharsets.UTF_8);
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
