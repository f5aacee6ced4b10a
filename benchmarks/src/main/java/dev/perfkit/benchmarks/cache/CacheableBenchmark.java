package dev.perfkit.benchmarks.cache;

import java.util.concurrent.TimeUnit;

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

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code @Cacheable} end to end: a call on the {@link ProductCatalog} bean goes through its proxy, Perfkit's own
 * interceptor ({@code CacheTagsInterceptor}, Perfkit side only), Spring's {@code CacheInterceptor} (key generation,
 * condition evaluation, cache resolution) and a hit in the cache; the same bean and calls on Perfkit's
 * auto-configured manager (every default on) and on Spring Boot's {@code CaffeineCacheManager} with
 * {@code perfkit.enabled=false}. {@code key}: {@code Long} calls {@code product(long id)} (the key is the boxed id),
 * {@code SimpleKey} calls {@code offer(long id, String market)} (a new {@code SimpleKey} per call).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class CacheableBenchmark {

	@Benchmark
	public Product perfkitCacheable(PerfkitCatalog catalog, CacheHitBenchmark.Cursor cursor) {
		return catalog.call(cursor.next(catalog.entries));
	}

	@Benchmark
	public Product springCacheable(SpringCatalog catalog, CacheHitBenchmark.Cursor cursor) {
		return catalog.call(cursor.next(catalog.entries));
	}

	/** A catalogue bean in a running context, every entry cached. */
	@State(Scope.Benchmark)
	public abstract static class Catalog {

		@Param({ "Long", "SimpleKey" })
		public String key;

		@Param("10000")
		public int entries;

		ConfigurableApplicationContext context;

		ProductCatalog catalog;

		private String[] markets;

		private boolean simpleKey;

		void start(ConfigurableApplicationContext context) {
			this.context = context;
			this.catalog = context.getBean(ProductCatalog.class);
			if (!AopUtils.isAopProxy(this.catalog)) {
				throw new IllegalStateException("the catalogue is not proxied: @Cacheable would not apply");
			}
			this.simpleKey = switch (this.key) {
				case "Long" -> false;
				case "SimpleKey" -> true;
				default -> throw new IllegalArgumentException("unknown key type " + this.key);
			};
			this.markets = new String[this.entries];
			for (int i = 0; i < this.entries; i++) {
				this.markets[i] = new StringBuilder("market-").append(i % 8).toString();
			}
			for (int i = 0; i < this.entries; i++) {
				call(i);
			}
			// a hit returns the cached instance, not a new one: proves the calls below are hits
			for (int i = 0; i < this.entries; i++) {
				if (call(i) != call(i)) {
					throw new IllegalStateException("not cached: the benchmark would not measure hits");
				}
			}
			// as in CacheHitBenchmark: both sides measured with their entries where a collection leaves them
			System.gc();
		}

		Product call(int i) {
			long id = CacheKeys.FIRST_ID + i;
			return this.simpleKey ? this.catalog.offer(id, this.markets[i]) : this.catalog.product(id);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			BenchmarkApplication.close(this.context);
		}

	}

	/** Perfkit's auto-configured manager and interceptor, every default on. */
	@State(Scope.Benchmark)
	public static class PerfkitCatalog extends Catalog {

		@Setup(Level.Trial)
		public void setUp() {
			start(BenchmarkApplication.perfkit(this.entries * 2L));
		}

	}

	/** Spring Boot's {@code CaffeineCacheManager}, Perfkit off. */
	@State(Scope.Benchmark)
	public static class SpringCatalog extends Catalog {

		@Setup(Level.Trial)
		public void setUp() {
			start(BenchmarkApplication.spring(this.entries * 2L));
		}

	}

}
