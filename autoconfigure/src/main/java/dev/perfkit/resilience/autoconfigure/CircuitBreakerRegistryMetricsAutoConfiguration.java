package dev.perfkit.resilience.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Resilience4j's meters ({@code resilience4j.circuitbreaker.*})
 * for the {@link CircuitBreakerRegistry} of Perfkit's own, the one {@link CircuitBreakerRegistryAutoConfiguration}
 * creates when resilience4j-spring-boot4 provides none: without it, Perfkit's breakers ({@code perfkit-cache-*},
 * {@code perfkit-ratelimit-redis}, the guards') would have no meters. Only where a {@link MeterRegistry} is a bean and
 * resilience4j-micrometer is on the class path; the binder is a {@link MeterBinder} bean, which Spring Boot binds to
 * every meter registry. With resilience4j-spring-boot4 the registry is its own and so are the meters: this steps
 * aside, as it does when Resilience4j's binder for the registry is already a bean (its
 * {@code resilience4j.circuitbreaker.metrics.legacy.enabled=true}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CircuitBreakerRegistryAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration" })
@ConditionalOnClass(CircuitBreakerRegistry.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
public final class CircuitBreakerRegistryMetricsAutoConfiguration {

	CircuitBreakerRegistryMetricsAutoConfiguration() {
	}

	// class conditions on a library of its own sit below perfkit.enabled: a disabled Perfkit loads none of its classes
	/** Resilience4j's binder of a registry's breakers. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TaggedCircuitBreakerMetrics.class, MeterRegistry.class })
	@ConditionalOnBean(value = MeterRegistry.class, name = CircuitBreakerRegistryAutoConfiguration.REGISTRY_BEAN_NAME)
	static class TaggedMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TaggedCircuitBreakerMetrics perfkitCircuitBreakerMetrics(
				CircuitBreakerRegistry perfkitCircuitBreakerRegistry) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(perfkitCircuitBreakerRegistry);
		}

	}

}
