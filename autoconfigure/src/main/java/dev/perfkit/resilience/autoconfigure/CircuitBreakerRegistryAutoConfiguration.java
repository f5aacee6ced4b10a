package dev.perfkit.resilience.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link CircuitBreakerRegistry} that every circuit breaker
 * of Perfkit lives in when resilience4j-spring-boot4 provides none: the cache layers' ({@code perfkit-cache-*}), the
 * Redis rate limiter's and the guards'. With resilience4j-spring-boot4 its registry is used, so Perfkit's breakers
 * are configured under {@code resilience4j.circuitbreaker.instances} and appear in its endpoint, health and meters.
 * Without it, Resilience4j's meters are bound for this registry by
 * {@link CircuitBreakerRegistryMetricsAutoConfiguration}.
 *
 * @since 0.1.0
 */
// named, not a class literal: resilience4j-spring-boot4 is optional (see ResilienceAutoConfiguration)
@AutoConfiguration(afterName = "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration")
@ConditionalOnClass(CircuitBreakerRegistry.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
public final class CircuitBreakerRegistryAutoConfiguration {

	/** Name of the registry bean of Perfkit's own. */
	static final String REGISTRY_BEAN_NAME = "perfkitCircuitBreakerRegistry";

	CircuitBreakerRegistryAutoConfiguration() {
	}

	@Bean(REGISTRY_BEAN_NAME)
	@ConditionalOnMissingBean
	CircuitBreakerRegistry perfkitCircuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

}
