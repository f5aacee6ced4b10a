package dev.perfkit.benchmarks.cache;

import java.time.Duration;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.cache.caffeine.CaffeineCache;

import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheSettings;

/**
 * L1 reads and writes through each API a Spring application could use, on the same keys and values: Perfkit's
 * layered cache with L1 only ({@link LayeredCache#get(Object)}, whose L1 entry is itself the value wrapper) against
 * Spring's {@code CaffeineCache} and a raw Caffeine lookup. {@code entries} is how many entries each cache holds (all
 * of them are read, in a scattered order, so that large caches pay their CPU cache misses): the L1 size scaling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class CacheHitBenchmark {

	@Param({ "1000", "10000", "100000", "1000000" })
	public int entries;

	private Object[] keys;

	private Object[] values;

	/** Equal to {@link #values} but distinct instances: a put stores a new value, as {@code @CachePut} does. */
	private Object[] otherValues;

	private Cache<Object, Object> caffeine;

	private CaffeineCache springCaffeineCache;

	private LayeredCache layeredCache;

	@Setup
	public void setUp() {
		this.keys = new Object[this.entries];
		this.values = new Object[this.entries];
		this.otherValues = new Object[this.entries];
		this.caffeine = Caffeine.newBuilder().maximumSize(this.entries * 2L).build();
		this.springCaffeineCache = new CaffeineCache("products",
				Caffeine.newBuilder().maximumSize(this.entries * 2L).build());
		this.layeredCache = LayeredCacheManager
			.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
			.settings((name) -> new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), true,
					this.entries * 2L, Duration.ofHours(1), false, null, false, null, 0))
			.build()
			.getLayeredCache("products");
		for (int i = 0; i < this.entries; i++) {
			this.keys[i] = "product:" + i;
			this.values[i] = "value-" + i;
			this.otherValues[i] = "value-" + i;
			this.caffeine.put(this.keys[i], this.values[i]);
			this.springCaffeineCache.put(this.keys[i], this.values[i]);
			this.layeredCache.put(this.keys[i], this.values[i]);
		}
	}

	@Benchmark
	public Object rawCaffeineGetIfPresent(Cursor cursor) {
		return this.caffeine.getIfPresent(this.keys[cursor.next(this.entries)]);
	}

	@Benchmark
	public Object springCaffeineCacheGet(Cursor cursor) {
		return this.springCaffeineCache.get(this.keys[cursor.next(this.entries)]);
	}

	@Benchmark
	public Object perfkitLayeredCacheGet(Cursor cursor) {
		return this.layeredCache.get(this.keys[cursor.next(this.entries)]);
	}

	/*
	 * Puts alternate between two equal but distinct value instances: Caffeine treats a put of the very instance it
	 * already holds as a read, which would flatter Spring's CaffeineCache (it stores the value itself) against
	 * Perfkit's L1 (it stores a new entry wrapping the value).
	 */

	@Benchmark
	public void springCaffeineCachePut(Cursor cursor) {
		int i = cursor.next(this.entries);
		this.springCaffeineCache.put(this.keys[i], cursor.flip() ? this.values[i] : this.otherValues[i]);
	}

	@Benchmark
	public void perfkitLayeredCachePut(Cursor cursor) {
		int i = cursor.next(this.entries);
		this.layeredCache.put(this.keys[i], cursor.flip() ? this.values[i] : this.otherValues[i]);
	}

	/**
	 * Per-thread key cursor stepping by a prime (modulo the key count, which is a power of ten, so every key is
	 * visited), so that consecutive reads land on unrelated entries and threads do not contend on the cursor itself.
	 * No division per call: the step is below the bound.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int next = (int) (Thread.currentThread().getId() % 997);

		private int bound;

		private int step;

		private boolean flip;

		/**
		 * Which of the two value instances to put: the cursor wraps an odd number of times (the step) per pass over
		 * the keys, so each key gets the other instance on the next pass.
		 */
		boolean flip() {
			return this.flip;
		}

		int next(int bound) {
			if (bound != this.bound) {
				this.bound = bound;
				this.step = 7919 % bound;
			}
			int candidate = this.next + this.step;
			if (candidate >= bound) {
				this.next = candidate - bound;
				this.flip = !this.flip;
			}
			else {
				this.next = candidate;
			}
			return this.next;
		}

	}

	/** Per-thread key cursor over a power-of-two key space, so threads do not contend on the index itself. */
	@State(Scope.Thread)
	public static class ThreadIndex {

		private int next;

		int next() {
			this.next = (this.next + 1) & 1023;
			return this.next;
		}

	}

}
