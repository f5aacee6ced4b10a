package dev.perfkit.cache.autoconfigure;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.actuate.LayeredCachesEndpoint;
import dev.perfkit.cache.health.LayeredCacheHealthIndicator;
import dev.perfkit.cache.metrics.LayeredCacheManagerMetrics;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredCacheObservabilityAutoConfigurationTests {

	@TempDir
	static Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class, LayeredCacheAutoConfiguration.class,
				LayeredCacheMetricsAutoConfiguration.class, LayeredCacheHealthContributorAutoConfiguration.class,
				LayeredCachesEndpointAutoConfiguration.class))
		.withPropertyValues("perfkit.cache.sqlite.path=" + temp.resolve("observability.db"),
				"management.endpoints.web.exposure.include=layeredcaches");

	@Test
	void bindsMetersHealthAndEndpointToTheLayeredCache() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class, RegistryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(LayeredCacheManagerMetrics.class)
					.hasSingleBean(LayeredCachesEndpoint.class)
					.hasBean("layeredcacheHealthContributor");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(LayeredCacheManagerMetrics.class).bindTo(registry);
				context.getBean(LayeredCacheManager.class).getLayeredCache("bound").get("missing");
				assertThat(registry.get("perfkit.cache.gets")
					.tags("cache", "bound", "layer", "memory", "result", "miss")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("cache.gets").tags("cache", "bound", "result", "miss").functionCounter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void noMetersWithoutARegistry() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheManagerMetrics.class));
	}

	@Test
	void noHealthContributorWhenItIsDisabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("management.health.layeredcache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheHealthIndicator.class));
	}

	@Test
	void noEndpointWhenItIsNotExposed() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCachesEndpoint.class));
	}

	@Test
	void nothingWithoutTheLayeredCache() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheManagerMetrics.class)
				.doesNotHaveBean(LayeredCachesEndpoint.class)
				.doesNotHaveBean(LayeredCacheHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
