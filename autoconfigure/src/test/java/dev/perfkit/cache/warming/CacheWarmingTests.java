package dev.perfkit.cache.warming;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.autoconfigure.CacheWarmingAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache warming on a real SQLite file (L1 + L3, no Redis).
 */
class CacheWarmingTests {

	@TempDir
	Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, CacheWarmingAutoConfiguration.class))
		.withUserConfiguration(PricesConfiguration.class)
		.withPropertyValues("perfkit.cache.stampede.early-refresh-beta=0");

	@Test
	void keysHotBeforeARestartAreInL1AfterItBeforeTheFirstCall() {
		String file = "perfkit.cache.sqlite.path=" + this.temp.resolve("cache.db");
		this.contextRunner.withPropertyValues(file).run((context) -> {
			Prices prices = context.getBean(Prices.class);
			for (int round = 0; round < 20_000; round++) {
				for (int hot = 0; hot < 5; hot++) {
					prices.price("hot-" + hot);
				}
			}
			for (int cold = 0; cold < 20; cold++) {
				prices.price("cold-" + cold);
			}
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("prices");
			assertThat(cache.getHotKeys().top(5)).extracting((key) -> key.key())
				.containsExactlyInAnyOrder("hot-0", "hot-1", "hot-2", "hot-3", "hot-4");
		});
		this.contextRunner.withPropertyValues(file).run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("prices");
			long l1HitsBefore = cache.getStatistics().getHits("memory");
			assertThat(cache.getMemorySize()).isGreaterThanOrEqualTo(5);
			Prices prices = context.getBean(Prices.class);
			for (int hot = 0; hot < 5; hot++) {
				assertThat(prices.price("hot-" + hot)).isEqualTo("price of hot-" + hot);
			}
			assertThat(prices.calls()).isZero();
			assertThat(cache.getStatistics().getHits("memory")).isEqualTo(l1HitsBefore + 5);
			CacheWarming.Stats stats = context.getBean(CacheWarming.class).getStats();
			assertThat(stats.history()).first().satisfies((run) -> {
				assertThat(run.kind()).isEqualTo("startup");
				assertThat(run.warmed()).isGreaterThanOrEqualTo(5);
			});
		});
	}

	@Test
	void warmersNeverExceedTheConcurrencyBoundAndAFailingOneDoesNotStopTheOthers() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.sqlite.path=" + this.temp.resolve("warmers.db"),
					"perfkit.cache.warming.concurrency=2", "perfkit.cache.warming.initial-delay=1h")
			.withUserConfiguration(WarmersConfiguration.class)
			.run((context) -> {
				WarmersConfiguration warmers = context.getBean(WarmersConfiguration.class);
				CacheWarming warming = context.getBean(CacheWarming.class);
				assertThat(warming.runWarmers()).isEqualTo(1);
				assertThat(warmers.completed).hasValue(5);
				assertThat(warmers.maxActive.get()).isBetween(1, 2);
				assertThat(warming.getStats().failures()).isEqualTo(1);
				assertThat(warming.getStats().history()).last()
					.satisfies((run) -> assertThat(run.warmed()).isEqualTo(5));
			});
	}

	@Test
	void zeroConcurrencyFailsStartUpNamingTheProperty() {
		assertFailure("perfkit.cache.warming.concurrency=0", "perfkit.cache.warming.concurrency");
	}

	@Test
	void invalidCronFailsStartUpNamingTheProperty() {
		assertFailure("perfkit.cache.warming.cron=every hour", "'perfkit.cache.warming.cron'");
	}

	@Test
	void warmingBacksOffWhenDisabled() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.sqlite.path=" + this.temp.resolve("off.db"),
					"perfkit.cache.warming.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheWarming.class));
	}

	private void assertFailure(String property, String expected) {
		this.contextRunner.withPropertyValues("perfkit.cache.sqlite.path=" + this.temp.resolve("bad.db"), property)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription() + analysis.getAction()).contains(expected);
			});
	}

	static class Prices {

		private final AtomicInteger calls = new AtomicInteger();

		@Cacheable(cacheNames = "prices", sync = true)
		public String price(String id) {
			this.calls.incrementAndGet();
			return "price of " + id;
		}

		int calls() {
			return this.calls.get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class PricesConfiguration {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WarmersConfiguration {

		final AtomicInteger active = new AtomicInteger();

		final AtomicInteger maxActive = new AtomicInteger();

		final AtomicInteger completed = new AtomicInteger();

		private final CountDownLatch never = new CountDownLatch(1);

		@Bean
		CacheWarmer failing() {
			return (manager) -> {
				throw new IllegalStateException("boom");
			};
		}

		@Bean
		CacheWarmer first() {
			return this::slow;
		}

		@Bean
		CacheWarmer second() {
			return this::slow;
		}

		@Bean
		CacheWarmer third() {
			return this::slow;
		}

		@Bean
		CacheWarmer fourth() {
			return this::slow;
		}

		@Bean
		CacheWarmer fifth() {
			return this::slow;
		}

		private void slow(LayeredCacheManager manager) throws InterruptedException {
			int now = this.active.incrementAndGet();
			this.maxActive.accumulateAndGet(now, Math::max);
			// overlap the warmers so that an unbounded pool would show more than two at once
			this.never.await(100, TimeUnit.MILLISECONDS);
			manager.getCache("prices");
			this.active.decrementAndGet();
			this.completed.incrementAndGet();
		}

	}

}
