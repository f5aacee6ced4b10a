package dev.perfkit.resilience.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.guard.GuardSpec;
import dev.perfkit.resilience.guard.GuardedAspect;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Perfkit's resilience capability: the global throttle, the
 * per-client rate limiter and the guards, built on the Resilience4j registries that resilience4j-spring-boot4
 * configures from {@code resilience4j.*} (or on default registries when it is absent).
 *
 * @since 0.1.0
 */
// resilience4j-spring-boot4 is optional: its auto-configurations are named, never class literals (a literal of an
// absent class makes Spring warn with a TypeNotPresentException whenever this class is introspected)
@AutoConfiguration(after = CircuitBreakerRegistryAutoConfiguration.class,
		afterName = { "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
				"io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
				"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
				"io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass({ CircuitBreaker.class, RateLimiter.class, Bulkhead.class, Retry.class, TimeLimiter.class })
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilienceProperties.class)
@Import({ ThrottleConfiguration.class, LocalRateLimitConfiguration.class, RedisRateLimitConfiguration.class })
public final class ResilienceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GuardRegistry perfkitGuardRegistry(ResilienceProperties properties, ObjectProvider<ClientRateLimiter> rateLimiter,
			ObjectProvider<Throttle> throttle, ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
			ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<RetryRegistry> retries,
			ObjectProvider<TimeLimiterRegistry> timeLimiters) {
		Map<String, GuardSpec> specs = new LinkedHashMap<>();
		properties.getGuards()
			.forEach((name, guard) -> specs.put(name,
					new GuardSpec(guard.getCircuitBreaker(), guard.isThrottle(), guard.isRateLimit(),
							guard.getBulkhead(), guard.getTimeout(), guard.getRetry(),
							guard.getClientSideThrottle().isEnabled() ? guard.getClientSideThrottle().getK() : 0,
							guard.getClientSideThrottle().getWindow())));
		return new GuardRegistry(specs, rateLimiter.getIfAvailable(), throttle.getIfAvailable(),
				circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
				bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults), retries.getIfAvailable(RetryRegistry::ofDefaults),
				timeLimiters.getIfAvailable(TimeLimiterRegistry::ofDefaults));
	}

	/** Without Resilience4j's Boot starter nothing reads resilience4j.*: refuse settings that would be ignored. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration")
	static class Resilience4jPropertiesCheckConfiguration {

		@Bean
		static Resilience4jPropertiesCheck perfkitResilience4jPropertiesCheck(Environment environment) {
			return new Resilience4jPropertiesCheck(environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.aspectj.weaver.Advice")
	@Conditional(OnGuardsCondition.class)
	static class GuardedAspectConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GuardedAspect perfkitGuardedAspect(GuardRegistry guardRegistry) {
			return new GuardedAspect(guardRegistry);
		}

	}

}
