package dev.perfkit.resilience.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfkit.resilience.RateLimitExceededException;
import dev.perfkit.resilience.guard.Guard;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.guard.Guarded;
import dev.perfkit.resilience.guard.GuardedAspect;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.ratelimit.RedisClientRateLimiter;
import dev.perfkit.resilience.throttle.Throttle;
import dev.perfkit.resilience.throttle.ThrottleAdjuster;
import dev.perfkit.test.RedisLocator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResilienceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class, AopAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, RateLimiterAutoConfiguration.class,
				BulkheadAutoConfiguration.class, RetryAutoConfiguration.class, TimeLimiterAutoConfiguration.class));

	@Test
	void providesThrottleLocalRateLimiterAndGuardsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(Throttle.class);
			assertThat(context).hasSingleBean(LocalClientRateLimiter.class);
			assertThat(context).hasSingleBean(GuardRegistry.class);
			assertThat(context).doesNotHaveBean(ThrottleAdjuster.class);
		});
	}

	@Test
	void registersTheGuardedAspectOnlyWhenAGuardIsConfigured() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(GuardedAspect.class));
		this.contextRunner.withPropertyValues("perfkit.resilience.guards.payments.throttle=true")
			.run((context) -> assertThat(context).hasSingleBean(GuardedAspect.class));
	}

	@Test
	void backsOffWhenResilienceIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.resilience.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GuardRegistry.class)
				.doesNotHaveBean(Throttle.class)
				.doesNotHaveBean(ClientRateLimiter.class));
	}

	@Test
	void backsOffWhenPerfkitIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GuardRegistry.class));
	}

	@Test
	void backsOffWithoutResilience4j() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CircuitBreaker.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GuardRegistry.class));
	}

	@Test
	void noRateLimiterWithoutCaffeine() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientRateLimiter.class)
				.hasSingleBean(GuardRegistry.class));
	}

	@Test
	void throttleAndRateLimitCanBeSwitchedOffSeparately() {
		this.contextRunner
			.withPropertyValues("perfkit.resilience.throttle.enabled=false",
					"perfkit.resilience.rate-limit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Throttle.class)
				.doesNotHaveBean(ClientRateLimiter.class)
				.hasSingleBean(GuardRegistry.class));
	}

	@Test
	void adaptiveThrottleGetsAnAdjuster() {
		this.contextRunner.withPropertyValues("perfkit.resilience.throttle.adaptive=true")
			.run((context) -> assertThat(context).hasSingleBean(ThrottleAdjuster.class));
	}

	@Test
	void backsOffWhenUserDefinesTheirOwnBeans() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientRateLimiter.class);
			assertThat(context.getBean(ClientRateLimiter.class)).isSameAs(context.getBean(UserBeans.class).limiter);
		});
	}

	@Test
	void guardsUseResilience4jInstancesConfiguredUnderResilience4j() {
		this.contextRunner
			.withPropertyValues("resilience4j.circuitbreaker.instances.llm.minimum-number-of-calls=7",
					"perfkit.resilience.guards.llm.circuit-breaker=llm", "perfkit.resilience.guards.llm.throttle=true",
					"perfkit.resilience.guards.llm.rate-limit=true", "perfkit.resilience.guards.llm.timeout=2s",
					"perfkit.resilience.guards.llm.client-side-throttle.enabled=true",
					"perfkit.resilience.guards.llm.client-side-throttle.k=1.5")
			.run((context) -> {
				Guard guard = context.getBean(GuardRegistry.class).guard("llm");
				assertThat(guard.getCircuitBreaker()).isSameAs(context.getBean(CircuitBreakerRegistry.class)
					.circuitBreaker("llm"));
				assertThat(guard.getCircuitBreaker().getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(7);
				assertThat(guard.getTimeLimiter().getTimeLimiterConfig().getTimeoutDuration())
					.isEqualTo(Duration.ofSeconds(2));
				assertThat(guard.isThrottled()).isTrue();
				assertThat(guard.isRateLimited()).isTrue();
				assertThat(guard.getClientSideThrottle().getK()).isEqualTo(1.5);
				assertThat(context.getBean(GuardRegistry.class).guard("llm")).isSameAs(guard);
			});
	}

	@Test
	void guardedAnnotationLimitsEachClientNamedBySpel() {
		this.contextRunner.withUserConfiguration(GuardedService.class)
			.withPropertyValues("perfkit.resilience.rate-limit.limit=2", "perfkit.resilience.guards.llm.rate-limit=true")
			.run((context) -> {
				GuardedCompletions service = context.getBean(GuardedCompletions.class);
				assertThat(service.complete("alice", "hi")).isEqualTo("alice: hi");
				assertThat(service.complete("alice", "hi")).isEqualTo("alice: hi");
				assertThatExceptionOfType(RateLimitExceededException.class)
					.isThrownBy(() -> service.complete("alice", "hi"));
				assertThat(service.complete("bob", "hi")).isEqualTo("bob: hi");
				assertThat(context.getBean(ClientRateLimiter.class).topRejected(1).get(0).clientId())
					.isEqualTo("alice");
			});
	}

	@Test
	void clientPatternsAndExtraWindowsBecomePlans() {
		this.contextRunner
			.withPropertyValues("perfkit.resilience.rate-limit.limit=10", "perfkit.resilience.rate-limit.window=1s",
					"perfkit.resilience.rate-limit.windows[0].limit=1000",
					"perfkit.resilience.rate-limit.windows[0].window=1h",
					"perfkit.resilience.rate-limit.clients[premium-*].limit=100")
			.run((context) -> {
				RateLimitPlans plans = context.getBean(ClientRateLimiter.class).getPlans();
				assertThat(plans.getDefaultPlan().windows()).containsExactly(
						new RateLimitWindow(10, Duration.ofSeconds(1)), new RateLimitWindow(1000, Duration.ofHours(1)));
				assertThat(plans.planFor("premium-acme").windows())
					.containsExactly(new RateLimitWindow(100, Duration.ofSeconds(1)));
			});
	}

	@Test
	void redisBackendSharesCountsThroughRedis() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("perfkit.resilience.rate-limit.backend=redis",
					"spring.data.redis.url=" + RedisLocator.locate().url(),
					"perfkit.resilience.rate-limit.redis.key-prefix=perfkit-test:" + UUID.randomUUID() + ":")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisClientRateLimiter.class);
				assertThat(context.getBean(CircuitBreakerRegistry.class).find("perfkit-ratelimit-redis")).isPresent();
				assertThat(context.getBean(ClientRateLimiter.class).check("alice").remaining()).isEqualTo(99);
			});
	}

	@Test
	void redisBackendWithoutRedisFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("perfkit.resilience.rate-limit.backend=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("perfkit.resilience.rate-limit.backend"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final ClientRateLimiter limiter = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(1, Duration.ofSeconds(1))), false, 10);

		@Bean
		ClientRateLimiter userLimiter() {
			return this.limiter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GuardedService {

		@Bean
		GuardedCompletions completions() {
			return new GuardedCompletions();
		}

	}

	static class GuardedCompletions {

		@Guarded(value = "llm", client = "#userId")
		public String complete(String userId, String prompt) {
			return userId + ": " + prompt;
		}

	}

}
