package dev.perfkit.benchmarks.cache;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

import dev.perfkit.cache.CompressionType;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayerSettings;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheSettings;
import dev.perfkit.cache.redis.RedisCacheLayer;

/**
 * L2 reads and writes: Perfkit's layered cache with L1 off (so every read and write goes to Redis) against Spring's
 * {@code RedisCache}, same Redis ({@code REDIS_URL} host and port, default 127.0.0.1:6379), same connection factory,
 * same value serializer, no compression on either side. {@code valueBytes} is the size of the cached string: the
 * value size scaling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class RedisHitBenchmark {

	private static final int KEYS = 256;

	@Param({ "100", "1000", "10000", "100000" })
	public int valueBytes;

	private final String[] keys = new String[KEYS];

	private final String[] values = new String[KEYS];

	private LettuceConnectionFactory connectionFactory;

	private LayeredCache layeredCache;

	private Cache springRedisCache;

	private LayeredCacheManager layeredCacheManager;

	@Setup
	public void setUp() {
		RedisStandaloneConfiguration redis = new RedisStandaloneConfiguration(host(), port());
		this.connectionFactory = new LettuceConnectionFactory(redis);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		String prefix = "perfkit-bench:" + UUID.randomUUID() + ":";
		JacksonCacheValueSerializer serializer = new JacksonCacheValueSerializer(List.of(),
				getClass().getClassLoader());
		this.layeredCacheManager = LayeredCacheManager.builder(serializer)
			.layer(new RedisCacheLayer(this.connectionFactory, prefix + "layered:", Duration.ofSeconds(1)),
					LayerSettings.of(Duration.ofSeconds(2)))
			.compression(CompressionType.NONE, 0)
			.settings((name) -> new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), false, 1,
					Duration.ofMinutes(1), 0))
			.build();
		this.layeredCache = this.layeredCacheManager.getLayeredCache("products");
		RedisSerializer<Object> sameSerializer = new RedisSerializer<>() {

			@Override
			public byte[] serialize(Object value) {
				return serializer.serialize(value);
			}

			@Override
			public Object deserialize(byte[] bytes) {
				return (bytes != null) ? serializer.deserialize(bytes) : null;
			}

		};
		this.springRedisCache = RedisCacheManager.builder(this.connectionFactory)
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
				.prefixCacheNameWith(prefix + "spring:")
				.entryTtl(Duration.ofHours(1))
				.serializeValuesWith(SerializationPair.fromSerializer(sameSerializer)))
			.build()
			.getCache("products");
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "product:" + i;
			this.values[i] = value(i, this.valueBytes);
			this.layeredCache.put(this.keys[i], this.values[i]);
			this.springRedisCache.put(this.keys[i], this.values[i]);
		}
	}

	static String value(int i, int bytes) {
		StringBuilder value = new StringBuilder(bytes);
		value.append("{\"id\":").append(i).append(",\"name\":\"Portable Bamboo Clock ").append(i).append("\"}");
		while (value.length() < bytes) {
			value.append((char) ('a' + (value.length() * 31 + i) % 26));
		}
		value.setLength(bytes);
		return value.toString();
	}

	@TearDown
	public void tearDown() {
		this.layeredCache.clear();
		this.springRedisCache.clear();
		this.layeredCacheManager.destroy();
		this.connectionFactory.destroy();
	}

	@Benchmark
	public Object perfkitL2Hit(CacheHitBenchmark.ThreadIndex index) {
		return this.layeredCache.get(this.keys[index.next() & (KEYS - 1)]);
	}

	@Benchmark
	public Object springRedisCacheHit(CacheHitBenchmark.ThreadIndex index) {
		return this.springRedisCache.get(this.keys[index.next() & (KEYS - 1)]);
	}

	@Benchmark
	public void perfkitL2Put(CacheHitBenchmark.ThreadIndex index) {
		int i = index.next() & (KEYS - 1);
		this.layeredCache.put(this.keys[i], this.values[i]);
	}

	@Benchmark
	public void springRedisCachePut(CacheHitBenchmark.ThreadIndex index) {
		int i = index.next() & (KEYS - 1);
		this.springRedisCache.put(this.keys[i], this.values[i]);
	}

	static String host() {
		String url = System.getenv("REDIS_URL");
		return (url != null) ? java.net.URI.create(url).getHost() : "127.0.0.1";
	}

	static int port() {
		String url = System.getenv("REDIS_URL");
		return (url != null) ? java.net.URI.create(url).getPort() : 6379;
	}

}
