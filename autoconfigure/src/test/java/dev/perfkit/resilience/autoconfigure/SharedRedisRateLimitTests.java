package dev.perfkit.resilience.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter.Result;
import dev.perfkit.resilience.ratelimit.RateLimitPlan;
import dev.perfkit.test.RedisLocator;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application contexts, standing for two instances of an application, share one limit through one Redis.
 */
class SharedRedisRateLimitTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, DataRedisAutoConfiguration.class))
		.withPropertyValues("perfkit.resilience.rate-limit.backend=redis",
				"spring.data.redis.url=" + RedisLocator.locate().url());

	@Test
	void twoInstancesEnforceOneSharedLimitExactly() {
		String prefix = "perfkit-test:" + UUID.randomUUID() + ":";
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(
				"perfkit.resilience.rate-limit.limit=100", "perfkit.resilience.rate-limit.window=1m",
				"perfkit.resilience.rate-limit.redis.key-prefix=" + prefix);
		runner.run((first) -> runner.run((second) -> {
			ClientRateLimiter one = first.getBean(ClientRateLimiter.class);
			ClientRateLimiter two = second.getBean(ClientRateLimiter.class);
			assertThat(one).isNotSameAs(two);
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Integer>> calls = new ArrayList<>();
			for (ClientRateLimiter limiter : List.of(one, two)) {
				calls.add(CompletableFuture.supplyAsync(() -> sixtyCalls(limiter, start)));
			}
			start.countDown();
			int allowed = 0;
			for (CompletableFuture<Integer> call : calls) {
				allowed += call.get(60, TimeUnit.SECONDS);
			}
			assertThat(allowed).isEqualTo(100);
			long rejected = one.count(RateLimitPlan.DEFAULT, Result.REJECTED)
					+ two.count(RateLimitPlan.DEFAULT, Result.REJECTED);
			assertThat(rejected).isEqualTo(20);
		}));
	}

	@Test
	void sharedWindowSlides() {
		String prefix = "perfkit-test:" + UUID.randomUUID() + ":";
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(
				"perfkit.resilience.rate-limit.limit=4", "perfkit.resilience.rate-limit.window=700ms",
				"perfkit.resilience.rate-limit.redis.key-prefix=" + prefix);
		runner.run((first) -> runner.run((second) -> {
			ClientRateLimiter one = first.getBean(ClientRateLimiter.class);
			ClientRateLimiter two = second.getBean(ClientRateLimiter.class);
			assertThat(one.check("tenant").allowed()).isTrue();
			assertThat(two.check("tenant").allowed()).isTrue();
			assertThat(one.check("tenant").allowed()).isTrue();
			assertThat(two.check("tenant").allowed()).isTrue();
			assertThat(one.check("tenant").allowed()).isFalse();
			assertThat(two.check("tenant").allowed()).isFalse();
			await().atMost(Duration.ofSeconds(10)).until(() -> two.check("tenant").allowed());
		}));
	}

	private static int sixtyCalls(ClientRateLimiter limiter, CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		int allowed = 0;
		for (int i = 0; i < 60; i++) {
			allowed += limiter.check("tenant-42").allowed() ? 1 : 0;
		}
		return allowed;
	}

}
