package dev.perfkit.cache.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.autoconfigure.CacheAnalyticsAutoConfiguration;
import dev.perfkit.cache.autoconfigure.CacheTuningAutoConfiguration;
import dev.perfkit.cache.autoconfigure.CacheWarmingAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheMetricsAutoConfiguration;
import dev.perfkit.cache.autoconfigure.MemoryGuardAutoConfiguration;
import dev.perfkit.cache.guard.HeapPressure;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.warming.CacheWarmer;
import dev.perfkit.cache.warming.CacheWarming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meters of warming, analytics, the memory guard and tuning, on a real SQLite file.
 */
class CacheIntelligenceMetricsTests {

	@TempDir
	Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, CacheWarmingAutoConfiguration.class,
				CacheAnalyticsAutoConfiguration.class, MemoryGuardAutoConfiguration.class,
				CacheTuningAutoConfiguration.class, LayeredCacheMetricsAutoConfiguration.class))
		.withUserConfiguration(MetricsConfiguration.class)
		.withPropertyValues("perfkit.cache.stampede.early-refresh-beta=0", "perfkit.cache.memory.maximum-size=100",
				"perfkit.cache.analytics.sample-interval=1h", "perfkit.cache.memory-guard.check-interval=1h",
				"perfkit.cache.warming.initial-delay=1h", "perfkit.cache.tuning.enabled=true");

	@Test
	void healthGaugeIsTheAnalyticsScoreOnceSampledAndIntelligenceFeaturesHaveMeters() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.sqlite.path=" + this.temp.resolve("meters.db"),
					"perfkit.cache.specs.users.sqlite.enabled=false")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(CacheIntelligenceMetrics.class).bindTo(registry);
				context.getBean(LayeredCacheManagerMetrics.class).bindTo(registry);
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("users");
				// every layer available, nothing sampled yet: the availability score
				assertThat(registry.get("perfkit.cache.health").tags("cache", "users").gauge().value())
					.isEqualTo(100);
				SplittableRandom random = new SplittableRandom(3);
				for (int i = 0; i < 20_000; i++) {
					cache.get("user-" + random.nextInt(10_000), () -> "value");
				}
				CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
				analytics.sample();
				int score = analytics.report("users").healthScore();
				assertThat(score).isLessThan(100);
				assertThat(registry.get("perfkit.cache.health").tags("cache", "users").gauge().value())
					.isEqualTo(score);
				assertThat(registry.get("perfkit.cache.alerts.active").tags("cache", "users").gauge().value())
					.isEqualTo(analytics.report("users").alerts().size());
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(registry.get("perfkit.cache.misses.after.eviction")
						.tags("cache", "users")
						.functionCounter()
						.count()).isPositive());
				assertThat(registry.get("perfkit.cache.tuning.changes").tags("cache", "users").functionCounter().count())
					.isEqualTo(1);
				long tuned = cache.policy().getMemoryMaximumSize();
				assertThat(tuned).isGreaterThan(100);
				assertThat(registry.get("perfkit.cache.memory.maximum").tags("cache", "users").gauge().value())
					.isEqualTo(tuned);

				context.getBean(MetricsConfiguration.class).heap.set(0.99);
				context.getBean(MemoryGuard.class).check();
				assertThat(registry.get("perfkit.cache.memory.guard.shrinks").functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("perfkit.cache.memory.guard.heap.used").gauge().value()).isEqualTo(0.99);
				assertThat(registry.get("perfkit.cache.memory.guard.shrunk").tags("cache", "users").gauge().value())
					.isEqualTo(1);
				context.getBean(MetricsConfiguration.class).heap.set(0.1);
				for (int i = 0; i < 10; i++) {
					context.getBean(MemoryGuard.class).check();
				}
				assertThat(registry.get("perfkit.cache.memory.guard.restores").functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("perfkit.cache.memory.guard.shrunk").tags("cache", "users").gauge().value())
					.isZero();

				CacheWarming warming = context.getBean(CacheWarming.class);
				double runsBefore = registry.get("perfkit.cache.warming.runs").functionCounter().count();
				warming.runWarmers();
				assertThat(registry.get("perfkit.cache.warming.runs").functionCounter().count())
					.isEqualTo(runsBefore + 1);
				assertThat(registry.get("perfkit.cache.warming.duration").functionTimer().count())
					.isEqualTo(runsBefore + 1);
				assertThat(registry.get("perfkit.cache.warming.failures").functionCounter().count()).isZero();
				assertThat(registry.find("perfkit.cache.warming.keys").functionCounter()).isNotNull();
				assertThat(registry.find("perfkit.cache.warming.hits").tags("cache", "users").functionCounter())
					.isNotNull();
			});
	}

	@Test
	void withoutIntelligenceFeaturesOnlyTheCacheMetersAreBound() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.sqlite.enabled=false", "perfkit.cache.analytics.enabled=false",
					"perfkit.cache.memory-guard.enabled=false", "perfkit.cache.warming.enabled=false")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(CacheIntelligenceMetrics.class).bindTo(registry);
				context.getBean(LayeredCacheManager.class).getLayeredCache("plain");
				assertThat(registry.find("perfkit.cache.memory.maximum").tags("cache", "plain").gauge()).isNotNull();
				assertThat(registry.find("perfkit.cache.warming.runs").meter()).isNull();
				assertThat(registry.find("perfkit.cache.memory.guard.shrinks").meter()).isNull();
				assertThat(registry.find("perfkit.cache.alerts.active").meter()).isNull();
				assertThat(registry.find("perfkit.cache.tuning.changes").meter()).isNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class MetricsConfiguration {

		final AtomicReference<Double> heap = new AtomicReference<>(0.1);

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		HeapPressure heapPressure() {
			return this.heap::get;
		}

		@Bean
		CacheWarmer preload() {
			return (cacheManager) -> cacheManager.getLayeredCache("users").put("preloaded", "value");
		}

	}

}
