package dev.perfkit.resilience.autoconfigure;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RedisClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RedisClientRateLimiterRuntimeHints;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.perfkit.autoconfigure.RedisSslBundle;
import dev.perfkit.redis.DedicatedRedisConnection;

/** Per-client rate limiter shared through Redis. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Caffeine.class, StringRedisTemplate.class })
@ConditionalOnBooleanProperty(name = "perfkit.resilience.rate-limit.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "perfkit.resilience.rate-limit.backend", havingValue = "redis")
@ImportRuntimeHints(RedisClientRateLimiterRuntimeHints.class)
class RedisRateLimitConfiguration {

	static final String BREAKER_NAME = "perfkit-ratelimit-redis";

	static final String DEDICATED_CONNECTION = "perfkitRateLimitRedisConnection";

	@Bean
	@ConditionalOnMissingBean
	ClientRateLimiter perfkitClientRateLimiter(ResilienceProperties properties,
			ObjectProvider<RedisConnectionFactory> connectionFactory,
			@Qualifier(DEDICATED_CONNECTION) ObjectProvider<DedicatedRedisConnection> dedicatedConnection,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers) {
		DedicatedRedisConnection dedicated = dedicatedConnection.getIfAvailable();
		RedisConnectionFactory factory = (dedicated != null) ? dedicated.getConnectionFactory()
				: connectionFactory.getIfAvailable();
		if (factory == null) {
			throw new IllegalStateException("perfkit.resilience.rate-limit.backend=redis needs a Redis connection: "
					+ "configure spring.data.redis.*, or set perfkit.resilience.rate-limit.backend=local");
		}
		ResilienceProperties.RateLimit rateLimit = properties.getRateLimit();
		StringRedisTemplate template = new StringRedisTemplate(factory);
		return new RedisClientRateLimiter(RateLimitPlansFactory.plans(rateLimit), rateLimit.isMonitorOnly(),
				rateLimit.getMaxClients(), template, rateLimit.getRedis().getKeyPrefix(),
				breaker(circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
						rateLimit.getRedis().getRetryInterval()),
				rateLimit.getRedis().getOnFailure());
	}

	/**
	 * The limiter's own connection (Lettuce's, also when the application's factory is Jedis's), so no other
	 * component's connect holds it up; without lettuce-core the limiter uses the application's factory.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, io.lettuce.core.RedisClient.class })
	static class DedicatedConnectionConfiguration {

		@Bean(DEDICATED_CONNECTION)
		@ConditionalOnBean(RedisConnectionFactory.class)
		@ConditionalOnMissingBean(name = DEDICATED_CONNECTION)
		@Nullable DedicatedRedisConnection perfkitRateLimitRedisConnection(RedisConnectionFactory connectionFactory,
				ResilienceProperties properties, BeanFactory beanFactory) {
			if (!DedicatedRedisConnection.supports(connectionFactory)) {
				// a factory of another kind: the limiter uses it as it is
				return null;
			}
			Duration timeout = properties.getRateLimit().getRedis().getTimeout();
			return DedicatedRedisConnection.derivedFrom(connectionFactory, RedisSslBundle.of(beanFactory), timeout,
					timeout, timeout);
		}

	}

	private static CircuitBreaker breaker(CircuitBreakerRegistry registry, Duration retryInterval) {
		// an instance configured under resilience4j.circuitbreaker.instances wins over these defaults
		return registry.find(BREAKER_NAME)
			.orElseGet(() -> registry.circuitBreaker(BREAKER_NAME, CircuitBreakerConfig.custom()
				.slidingWindowSize(20)
				.minimumNumberOfCalls(5)
				.failureRateThreshold(50)
				.waitDurationInOpenState(retryInterval)
				.permittedNumberOfCallsInHalfOpenState(1)
				.build()));
	}

}
