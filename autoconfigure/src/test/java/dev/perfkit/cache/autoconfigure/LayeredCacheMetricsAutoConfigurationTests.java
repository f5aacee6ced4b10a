package dev.perfkit.cache.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheSettings;
import dev.perfkit.cache.metrics.LayeredCacheMeterBinderProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot's cache metrics bind every layered cache of every manager; {@code cache.evictions} means what
 * Micrometer's Caffeine binder means.
 */
class LayeredCacheMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CacheMetricsAutoConfiguration.class, LayeredCacheMetricsAutoConfiguration.class))
		.withUserConfiguration(TwoManagersConfiguration.class);

	@Test
	void bootBindsEveryCacheOfEveryManagerThroughTheProvider() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LayeredCacheMeterBinderProvider.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.gets").tags("cache", "a", "cache.manager", "first").functionCounters())
				.isNotEmpty();
			assertThat(registry.find("cache.gets").tags("cache", "b", "cache.manager", "second").functionCounters())
				.isNotEmpty();
			// hit and miss, each registered once although Boot and the binder of late caches both bind cache "b"
			assertThat(registry.find("perfkit.cache.gets")
				.tags("cache", "b", "cache.manager", "second", "layer", "memory")
				.functionCounters()).extracting((counter) -> counter.getId().toString())
				.hasSize(2);
		});
	}

	@Test
	void bindsCachesCreatedAfterStartUpOfEveryManager() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("secondCacheManager", LayeredCacheManager.class).getLayeredCache("late").get("missing");
			assertThat(registry.get("cache.gets")
				.tags("cache", "late", "cache.manager", "second", "result", "miss")
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void bootsRegistrarBindsALayeredCacheItIsGiven() {
		this.contextRunner.run((context) -> {
			LayeredCache cache = context.getBean("secondCacheManager", LayeredCacheManager.class)
				.getLayeredCache("registered");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(context.getBean(CacheMetricsRegistrar.class).bindCacheToRegistry(cache)).isTrue();
			assertThat(registry.find("perfkit.cache.health").tags("cache", "registered").gauges()).isNotEmpty();
		});
	}

	@Test
	void cacheEvictionsCountsSizeEvictionsOfL1AndPerfkitsCountsExplicitOnes() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			LayeredCache small = context.getBean("firstCacheManager", LayeredCacheManager.class).getLayeredCache("a");
			for (int i = 0; i < 10; i++) {
				small.put("k" + i, "v" + i);
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						registry.get("cache.evictions").tags("cache", "a").functionCounter().count())
					.isEqualTo(8));
			assertThat(registry.get("perfkit.cache.evictions").tags("cache", "a").functionCounter().count())
				.isZero();
			LayeredCache large = context.getBean("secondCacheManager", LayeredCacheManager.class).getLayeredCache("b");
			large.put("k", "v");
			large.evict("k");
			assertThat(registry.get("perfkit.cache.evictions").tags("cache", "b").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cache.evictions").tags("cache", "b").functionCounter().count()).isZero();
		});
	}

	@Test
	void cacheEvictionsCountsExpiriesOfL1() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			LayeredCache expiring = context.getBean("secondCacheManager", LayeredCacheManager.class)
				.getLayeredCache("expiring");
			expiring.put("k", "v");
			await().atMost(Duration.ofSeconds(10)).until(() -> expiring.get("k") == null);
			assertThat(registry.get("cache.evictions").tags("cache", "expiring").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("perfkit.cache.evictions").tags("cache", "expiring").functionCounter().count())
				.isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoManagersConfiguration {

		@Bean
		@Primary
		LayeredCacheManager firstCacheManager() {
			LayeredCacheSettings small = new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1),
					true, 2, Duration.ofMinutes(10), 0);
			return LayeredCacheManager.builder(serializer())
				.settings((name) -> small)
				.cacheNames(List.of("a"))
				.build();
		}

		@Bean
		LayeredCacheManager secondCacheManager() {
			LayeredCacheSettings defaults = LayeredCacheSettings.defaults();
			LayeredCacheSettings expiring = new LayeredCacheSettings(Duration.ofHours(1), true,
					Duration.ofMinutes(1), true, 100, Duration.ofMillis(50), 0);
			LayeredCacheManager cacheManager = LayeredCacheManager.builder(serializer())
				.settings((name) -> name.equals("expiring") ? expiring : defaults)
				.build();
			// created before Spring Boot's cache metrics bind the managers' caches
			cacheManager.getCache("b");
			return cacheManager;
		}

		private static JacksonCacheValueSerializer serializer() {
			return new JacksonCacheValueSerializer(List.of(), TwoManagersConfiguration.class.getClassLoader());
		}

	}

}
