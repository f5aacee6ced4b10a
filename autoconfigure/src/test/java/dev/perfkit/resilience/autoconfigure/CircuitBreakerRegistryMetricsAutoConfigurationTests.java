package dev.perfkit.resilience.autoconfigure;

import java.nio.file.Path;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resilience4j's meters for Perfkit's breakers: bound by Perfkit for its own registry, left to Resilience4j's Boot
 * starter when the registry is that starter's.
 */
class CircuitBreakerRegistryMetricsAutoConfigurationTests {

	@TempDir
	static Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				PerfkitAutoConfiguration.class, CacheAutoConfiguration.class,
				CircuitBreakerRegistryAutoConfiguration.class, CircuitBreakerRegistryMetricsAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("perfkit.cache.sqlite.path=" + temp.resolve("breakers.db"));

	@Test
	void perfkitsOwnRegistryHasResilience4jsMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("perfkitCircuitBreakerRegistry")
				.hasSingleBean(TaggedCircuitBreakerMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(state(meters, "perfkit-cache-sqlite", "closed")).isEqualTo(1.0);
			// a breaker created after start-up (a guard's, on its first call) is bound too
			context.getBean(CircuitBreakerRegistry.class).circuitBreaker("downstream").transitionToOpenState();
			assertThat(state(meters, "downstream", "open")).isEqualTo(1.0);
		});
	}

	@Test
	void noMetersWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class,
					CircuitBreakerRegistryAutoConfiguration.class, CircuitBreakerRegistryMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("perfkitCircuitBreakerRegistry")
				.doesNotHaveBean("perfkitCircuitBreakerMetrics"));
	}

	@Test
	void withoutResilience4jsMicrometerModuleNothingIsBound() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(TaggedCircuitBreakerMetrics.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("perfkitCircuitBreakerRegistry")
				.doesNotHaveBean("perfkitCircuitBreakerMetrics"));
	}

	@Test
	void withResilience4jsStarterItsRegistryAndItsMetersAndNothingOfPerfkits() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
					CircuitBreakerMetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("perfkitCircuitBreakerRegistry")
					.doesNotHaveBean("perfkitCircuitBreakerMetrics")
					.doesNotHaveBean(TaggedCircuitBreakerMetrics.class)
					.hasSingleBean(TaggedCircuitBreakerMetricsPublisher.class);
				assertThat(state(context.getBean(MeterRegistry.class), "perfkit-cache-sqlite", "closed"))
					.isEqualTo(1.0);
			});
	}

	@Test
	void resilience4jsLegacyBinderOfPerfkitsRegistryIsTheOnlyOne() {
		// Resilience4j's metrics without its registry (its circuit breaker auto-configuration left out): its legacy
		// binder binds whatever registry is a bean, here Perfkit's
		this.contextRunner.withConfiguration(AutoConfigurations.of(CircuitBreakerMetricsAutoConfiguration.class))
			.withPropertyValues("resilience4j.circuitbreaker.metrics.legacy.enabled=true")
			.run((context) -> {
				assertThat(context).hasBean("perfkitCircuitBreakerRegistry")
					.doesNotHaveBean("perfkitCircuitBreakerMetrics")
					.hasSingleBean(TaggedCircuitBreakerMetrics.class);
				assertThat(state(context.getBean(MeterRegistry.class), "perfkit-cache-sqlite", "closed"))
					.isEqualTo(1.0);
			});
	}

	private static double state(MeterRegistry meters, String breaker, String state) {
		Gauge gauge = meters.find("resilience4j.circuitbreaker.state").tags("name", breaker, "state", state).gauge();
		assertThat(gauge).as("resilience4j.circuitbreaker.state of %s", breaker).isNotNull();
		return gauge.value();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
