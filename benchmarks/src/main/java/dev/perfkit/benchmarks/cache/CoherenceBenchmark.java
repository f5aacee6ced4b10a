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

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.perfkit.cache.CompressionType;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayerSettings;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheSettings;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.redis.RedisInvalidationBus;

/**
 * The cost of L1 coherence. Sending side: a put and an evict through a layered cache with L1 and Redis L2, with
 * ({@code bus=stream}: one {@code XADD} to the invalidation stream per write) and without ({@code bus=off}) the
 * invalidation bus — the difference is what coherence adds to a write. Receiving side: the time from a put on one
 * instance until a second instance, reading the stream, has received the invalidation and dropped its L1 entry.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CoherenceBenchmark {

	private static final int KEYS = 256;

	private static final String VALUE = RedisHitBenchmark.value(1, 200);

	@Benchmark
	public void put(Writer writer) {
		writer.cache.put(writer.key(), VALUE);
	}

	@Benchmark
	public void evict(Writer writer) {
		writer.cache.evict(writer.key());
	}

	@Benchmark
	public long putUntilOtherInstanceInvalidated(Pair pair) {
		long before = pair.receiverBus.getReceived();
		pair.sender.put(pair.key(), VALUE);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		long received;
		while ((received = pair.receiverBus.getReceived()) == before) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("invalidation not received within 5 s");
			}
			Thread.onSpinWait();
		}
		return received;
	}

	static LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(RedisHitBenchmark.host(), RedisHitBenchmark.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static LayeredCacheManager manager(LettuceConnectionFactory factory, String prefix,
			RedisInvalidationBus bus) {
		LayeredCacheManager.Builder builder = LayeredCacheManager
			.builder(new JacksonCacheValueSerializer(List.of(), CoherenceBenchmark.class.getClassLoader()))
			.layer(new RedisCacheLayer(factory, prefix, Duration.ofSeconds(1)),
					LayerSettings.of(Duration.ofSeconds(2)))
			.compression(CompressionType.NONE, 0)
			.settings((name) -> new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), true,
					10_000, Duration.ofHours(1), 0));
		if (bus != null) {
			builder.invalidationBus(bus);
		}
		LayeredCacheManager manager = builder.build();
		manager.afterSingletonsInstantiated();
		return manager;
	}

	/** One instance writing, with or without the invalidation bus. */
	@State(Scope.Benchmark)
	public static class Writer {

		@Param({ "off", "stream" })
		public String bus;

		private final String[] keys = new String[KEYS];

		private int next;

		private LettuceConnectionFactory factory;

		private LayeredCacheManager manager;

		LayeredCache cache;

		@Setup
		public void setUp() {
			this.factory = connectionFactory();
			String prefix = "perfkit-bench:" + UUID.randomUUID() + ":";
			this.manager = manager(this.factory, prefix, this.bus.equals("stream")
					? new RedisInvalidationBus(this.factory, prefix, Duration.ofSeconds(2), Duration.ofMillis(100))
					: null);
			this.cache = this.manager.getLayeredCache("products");
			for (int i = 0; i < KEYS; i++) {
				this.keys[i] = "product:" + i;
			}
		}

		String key() {
			this.next = (this.next + 1) & (KEYS - 1);
			return this.keys[this.next];
		}

		@TearDown
		public void tearDown() {
			this.cache.clear();
			this.manager.destroy();
			this.factory.destroy();
		}

	}

	/** Two instances on the same Redis prefix and stream: one writes, the other receives. */
	@State(Scope.Benchmark)
	public static class Pair {

		private final String[] keys = new String[KEYS];

		private int next;

		private LettuceConnectionFactory factory;

		private LayeredCacheManager senderManager;

		private LayeredCacheManager receiverManager;

		LayeredCache sender;

		RedisInvalidationBus receiverBus;

		@Setup
		public void setUp() {
			this.factory = connectionFactory();
			String prefix = "perfkit-bench:" + UUID.randomUUID() + ":";
			this.senderManager = manager(this.factory, prefix,
					new RedisInvalidationBus(this.factory, prefix, Duration.ofSeconds(2), Duration.ofMillis(100)));
			this.receiverBus = new RedisInvalidationBus(this.factory, prefix, Duration.ofSeconds(2),
					Duration.ofMillis(100));
			this.receiverManager = manager(this.factory, prefix, this.receiverBus);
			this.sender = this.senderManager.getLayeredCache("products");
			LayeredCache receiver = this.receiverManager.getLayeredCache("products");
			for (int i = 0; i < KEYS; i++) {
				this.keys[i] = "product:" + i;
				receiver.put(this.keys[i], VALUE);
			}
		}

		String key() {
			this.next = (this.next + 1) & (KEYS - 1);
			return this.keys[this.next];
		}

		@TearDown
		public void tearDown() {
			this.sender.clear();
			this.senderManager.destroy();
			this.receiverManager.destroy();
			this.factory.destroy();
		}

	}

}
