package dev.perfkit.benchmarks.cache;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.cache.caffeine.CaffeineCache;

import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * An in-memory cache hit through each API a Spring application could use, on the same keys and values: the baseline
 * that Perfkit's L1 hit ({@link LayeredCache#get(Object)}, whose L1 entry is itself the value wrapper) is measured
 * against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class CacheHitBenchmark {

	private static final int KEYS = 1024;

	private final Object[] keys = new Object[KEYS];

	private Cache<Object, Object> caffeine;

	private CaffeineCache springCaffeineCache;

	private LayeredCache layeredCache;

	@Setup
	public void setUp() {
		this.caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
		com.github.benmanes.caffeine.cache.Cache<Object, Object> springNative = Caffeine.newBuilder()
			.maximumSize(10_000)
			.build();
		this.springCaffeineCache = new CaffeineCache("products", springNative);
		this.layeredCache = LayeredCacheManager
			.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
			.build()
			.getLayeredCache("products");
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "product:" + i;
			this.caffeine.put(this.keys[i], "value-" + i);
			this.springCaffeineCache.put(this.keys[i], "value-" + i);
			this.layeredCache.put(this.keys[i], "value-" + i);
		}
	}

	@Benchmark
	public Object rawCaffeineGetIfPresent(ThreadIndex index) {
		return this.caffeine.getIfPresent(this.keys[index.next()]);
	}

	@Benchmark
	public Object springCaffeineCacheGet(ThreadIndex index) {
		return this.springCaffeineCache.get(this.keys[index.next()]);
	}

	@Benchmark
	public Object perfkitLayeredCacheGet(ThreadIndex index) {
		return this.layeredCache.get(this.keys[index.next()]);
	}

	/** Per-thread key cursor, so threads do not contend on the index itself. */
	@State(Scope.Thread)
	public static class ThreadIndex {

		private int next;

		int next() {
			this.next = (this.next + 1) & (KEYS - 1);
			return this.next;
		}

	}

}
