package dev.perfkit.benchmarks.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheSettings;

/**
 * L1 hits as an application makes them: Spring's {@link Cache#get(Object)} on the {@code CacheManager} bean that
 * auto-configuration gives {@link BenchmarkApplication}, with the keys {@code @Cacheable} methods produce
 * ({@code key}: a {@code Long} id, a {@code String}, a {@code UUID}, a two-parameter {@code SimpleKey}).
 * <ul>
 * <li>{@code perfkitAutoConfiguredGet}: Perfkit's manager with every default on (hot keys, analytics, warming,
 * memory guard, metrics bound to Boot's {@code MeterRegistry}, L3 on SQLite);</li>
 * <li>{@code springCaffeineCacheManagerGet}: the same application with {@code perfkit.enabled=false} and
 * {@code spring.cache.type=caffeine}, both bounded at twice the entries;</li>
 * <li>{@code rawCaffeineGetIfPresent}: a Caffeine cache with the same bound, no Spring (reference);</li>
 * <li>{@code perfkitHandBuiltGet}: a {@code LayeredCache} built by hand, L1 only, no analytics or metrics — a
 * lower bound, not what users run.</li>
 * </ul>
 * Each benchmark method runs in its own fork and starts only its own context. Every key is stored, then read back
 * in setup (a miss fails the trial), then the heap is collected once (each side alike), then the keys are read in a
 * scattered order with keys equal to but not the same objects as the stored ones. Allocation per hit: run with {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class CacheHitBenchmark {

	@Benchmark
	public Object perfkitAutoConfiguredGet(PerfkitCache cache, Cursor cursor) {
		return cache.cache.get(cache.lookups[cursor.next(cache.entries)]);
	}

	@Benchmark
	public Object springCaffeineCacheManagerGet(SpringCache cache, Cursor cursor) {
		return cache.cache.get(cache.lookups[cursor.next(cache.entries)]);
	}

	@Benchmark
	public Object rawCaffeineGetIfPresent(RawCaffeine cache, Cursor cursor) {
		return cache.caffeine.getIfPresent(cache.lookups[cursor.next(cache.entries)]);
	}

	@Benchmark
	public Object perfkitHandBuiltGet(HandBuiltCache cache, Cursor cursor) {
		return cache.cache.get(cache.lookups[cursor.next(cache.entries)]);
	}

	/*
	 * Puts alternate between two equal but distinct value instances: Caffeine treats a put of the very instance it
	 * already holds as a read, which would flatter Spring's CaffeineCache (it stores the value itself) against
	 * Perfkit's L1 (it stores a new entry wrapping the value). The auto-configured Perfkit put also writes L3, so the
	 * put comparison is L1 only: the hand-built cache against Spring's.
	 */

	@Benchmark
	public void springCaffeineCacheManagerPut(SpringCache cache, Cursor cursor) {
		int i = cursor.next(cache.entries);
		cache.cache.put(cache.lookups[i], cursor.flip() ? cache.values[i] : cache.otherValues[i]);
	}

	@Benchmark
	public void perfkitHandBuiltPut(HandBuiltCache cache, Cursor cursor) {
		int i = cursor.next(cache.entries);
		cache.cache.put(cache.lookups[i], cursor.flip() ? cache.values[i] : cache.otherValues[i]);
	}

	/** Keys and values shared by every variant; the {@code @Param}s apply to all of them. */
	@State(Scope.Benchmark)
	public abstract static class Entries {

		@Param({ "Long", "String", "UUID", "SimpleKey" })
		public String key;

		@Param("10000")
		public int entries;

		/** The keys the entries were stored with. */
		Object[] stored;

		/** Equal keys, other instances: what a later {@code @Cacheable} call would look up with. */
		Object[] lookups;

		Object[] values;

		Object[] otherValues;

		void createEntries() {
			this.stored = CacheKeys.keys(this.key, this.entries);
			this.lookups = CacheKeys.keys(this.key, this.entries);
			this.values = new Object[this.entries];
			this.otherValues = new Object[this.entries];
			for (int i = 0; i < this.entries; i++) {
				this.values[i] = Product.of(CacheKeys.FIRST_ID + i);
				this.otherValues[i] = Product.of(CacheKeys.FIRST_ID + i);
			}
		}

		long bound() {
			return this.entries * 2L;
		}

		void fill(Cache cache) {
			for (int i = 0; i < this.entries; i++) {
				cache.put(this.stored[i], this.values[i]);
			}
			for (int i = 0; i < this.entries; i++) {
				if (cache.get(this.lookups[i]) == null) {
					throw new IllegalStateException(cache.getClass().getSimpleName() + ": miss for stored key "
							+ this.lookups[i] + ": the benchmark would not measure hits");
				}
			}
			settle();
		}

		/*
		 * A full collection after the fill, on every side: the entries then sit where a running application's L1
		 * settles after its next collection. Without it each side measures the allocation order of its own fill,
		 * which is not what users run: Perfkit's fill also serialises every value for L3, so its entries start out
		 * scattered among that garbage, and with nothing allocated during the measurement no collection ever gathers
		 * them (its first 10 to 20 s of hits measured 400 to 900 ns, then 160 to 200 ns).
		 */
		static void settle() {
			System.gc();
		}

	}

	/** Perfkit's auto-configured manager, every default on. */
	@State(Scope.Benchmark)
	public static class PerfkitCache extends Entries {

		ConfigurableApplicationContext context;

		Cache cache;

		@Setup(Level.Trial)
		public void setUp() {
			createEntries();
			this.context = BenchmarkApplication.perfkit(bound());
			this.cache = this.context.getBean(CacheManager.class).getCache("products");
			fill(this.cache);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			BenchmarkApplication.close(this.context);
		}

	}

	/** Spring Boot's {@code CaffeineCacheManager}, Perfkit off. */
	@State(Scope.Benchmark)
	public static class SpringCache extends Entries {

		ConfigurableApplicationContext context;

		Cache cache;

		@Setup(Level.Trial)
		public void setUp() {
			createEntries();
			this.context = BenchmarkApplication.spring(bound());
			this.cache = this.context.getBean(CacheManager.class).getCache("products");
			fill(this.cache);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			BenchmarkApplication.close(this.context);
		}

	}

	/** A raw Caffeine cache (no Spring): the floor. */
	@State(Scope.Benchmark)
	public static class RawCaffeine extends Entries {

		com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine;

		@Setup(Level.Trial)
		public void setUp() {
			createEntries();
			this.caffeine = Caffeine.newBuilder().maximumSize(bound()).build();
			for (int i = 0; i < this.entries; i++) {
				this.caffeine.put(this.stored[i], this.values[i]);
			}
			settle();
		}

	}

	/** A {@code LayeredCache} built by hand, L1 only, nothing around it: a labelled lower bound. */
	@State(Scope.Benchmark)
	public static class HandBuiltCache extends Entries {

		Cache cache;

		@Setup(Level.Trial)
		public void setUp() {
			createEntries();
			this.cache = LayeredCacheManager
				.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
				.settings((name) -> new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), true,
						bound(), Duration.ofHours(1), 0))
				.build()
				.getCache("products");
			fill(this.cache);
		}

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
				this.next %= bound;
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
