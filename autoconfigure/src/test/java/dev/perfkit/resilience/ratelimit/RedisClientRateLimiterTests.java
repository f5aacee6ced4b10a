package dev.perfkit.resilience.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.perfkit.resilience.ratelimit.ClientRateLimiter.Result;
import dev.perfkit.test.RedisEndpoint;
import dev.perfkit.test.RedisLocator;
import dev.perfkit.test.RedisServerProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisClientRateLimiterTests {

	private final String prefix = "perfkit-test:" + UUID.randomUUID() + ":";

	private LettuceConnectionFactory connectionFactory;

	@AfterEach
	void closeConnection() {
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
	}

	@Test
	void allowsTheLimitPerWindowAndRefusesTheRest() {
		RedisClientRateLimiter limiter = limiter(RedisLocator.locate(),
				RateLimitPlans.of(new RateLimitWindow(5, Duration.ofMinutes(1))), false, RedisFailureMode.DENY);
		int allowed = 0;
		for (int i = 0; i < 8; i++) {
			allowed += limiter.check("alice").allowed() ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(5);
		RateLimitDecision refused = limiter.check("alice");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.limit()).isEqualTo(5);
		assertThat(refused.remaining()).isZero();
		assertThat(refused.retryAfterMillis()).isBetween(1L, 60_000L);
		assertThat(limiter.check("bob").remaining()).isEqualTo(4);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.REJECTED)).isEqualTo(4);
	}

	@Test
	void windowSlides() {
		RedisClientRateLimiter limiter = limiter(RedisLocator.locate(),
				RateLimitPlans.of(new RateLimitWindow(3, Duration.ofMillis(500))), false, RedisFailureMode.DENY);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.check("alice").allowed()).isTrue();
		}
		assertThat(limiter.check("alice").allowed()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> limiter.check("alice").allowed());
	}

	@Test
	void planWithSeveralWindowsAppliesAllOfThemInOneScript() {
		RateLimitPlan plan = new RateLimitPlan(RateLimitPlan.DEFAULT,
				List.of(new RateLimitWindow(2, Duration.ofSeconds(2)), new RateLimitWindow(3, Duration.ofHours(1))));
		RedisClientRateLimiter limiter = limiter(RedisLocator.locate(), new RateLimitPlans(plan, Map.of()), false,
				RedisFailureMode.DENY);
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> limiter.check("alice").allowed());
		RateLimitDecision hourly = limiter.check("alice");
		assertThat(hourly.allowed()).isFalse();
		assertThat(hourly.limit()).isEqualTo(3);
	}

	@Test
	void monitorOnlyLetsCallsThroughAndCountsThem() {
		RedisClientRateLimiter limiter = limiter(RedisLocator.locate(),
				RateLimitPlans.of(new RateLimitWindow(2, Duration.ofMinutes(1))), true, RedisFailureMode.DENY);
		for (int i = 0; i < 4; i++) {
			assertThat(limiter.check("alice").allowed()).isTrue();
		}
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.MONITORED)).isEqualTo(2);
		assertThat(limiter.topRejected(3)).extracting(ClientRateLimiter.ClientRejections::clientId)
			.containsExactly("alice");
	}

	@Test
	void monitorOnlyKeepsNoMoreMembersThanTheLimitUnderAFlood() {
		RedisClientRateLimiter limiter = limiter(RedisLocator.locate(),
				RateLimitPlans.of(new RateLimitWindow(5, Duration.ofMinutes(1))), true, RedisFailureMode.DENY);
		for (int i = 0; i < 200; i++) {
			assertThat(limiter.check("flood").allowed()).isTrue();
		}
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		Set<String> keys = redis.keys(this.prefix + "*");
		assertThat(keys).hasSize(1);
		assertThat(redis.opsForZSet().zCard(keys.iterator().next())).isEqualTo(5);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.MONITORED)).isEqualTo(195);
	}

	@Test
	void clientIdsReachRedisOnlyAsFixedLengthDigestsInsideTheHashTag() {
		RedisClientRateLimiter limiter = limiter(RedisLocator.locate(),
				RateLimitPlans.of(new RateLimitWindow(2, Duration.ofMinutes(1))), false, RedisFailureMode.DENY);
		String hostile = "victim}{other" + "x".repeat(500);
		assertThat(limiter.check(hostile).allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).isTrue();
		Set<String> keys = new StringRedisTemplate(this.connectionFactory).keys(this.prefix + "*");
		assertThat(keys).hasSize(2).allSatisfy((key) -> {
			String rest = key.substring(this.prefix.length());
			assertThat(rest).matches("\\{[0-9a-f]{32}\\}:default:60000");
			assertThat(rest).doesNotContain("victim", "alice");
		});
		assertThat(limiter.check(hostile).allowed()).isTrue();
		assertThat(limiter.check(hostile).allowed()).isFalse();
	}

	@Test
	void fallsBackToLocalCountsWhileRedisIsDownAndReturnsWhenItIsBack() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			RedisClientRateLimiter limiter = limiter(RedisEndpoint.of(redis.host(), redis.port(), "test"),
					RateLimitPlans.of(new RateLimitWindow(2, Duration.ofMinutes(1))), false, RedisFailureMode.LOCAL);
			assertThat(limiter.check("alice").allowed()).isTrue();
			redis.kill();
			// local counts start afresh: two more calls fit, then the local limit refuses
			assertThat(limiter.check("alice").allowed()).isTrue();
			assertThat(limiter.check("alice").allowed()).isTrue();
			assertThat(limiter.check("alice").allowed()).isFalse();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> limiter.getCircuitBreaker().getState() == CircuitBreaker.State.OPEN);
			redis.restart();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				limiter.check("bob");
				return limiter.getCircuitBreaker().getState() == CircuitBreaker.State.CLOSED;
			});
			assertThat(limiter.check("carol").remaining()).isEqualTo(1);
		}
	}

	@Test
	void hungRedisOpensTheBreakerSoChecksStopWaitingForIt() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			RedisClientRateLimiter limiter = limiter(RedisEndpoint.of(redis.host(), redis.port(), "test"),
					RateLimitPlans.of(new RateLimitWindow(5, Duration.ofMinutes(1))), false, RedisFailureMode.LOCAL);
			assertThat(limiter.check("alice").allowed()).isTrue();
			redis.pause();
			try {
				// each of these waits for the command timeout, then counts locally
				assertThat(limiter.check("alice").allowed()).isTrue();
				assertThat(limiter.check("alice").allowed()).isTrue();
				assertThat(limiter.getCircuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
				// while open, checks do not touch Redis at all
				long notPermitted = limiter.getCircuitBreaker().getMetrics().getNumberOfNotPermittedCalls();
				assertThat(limiter.check("alice").allowed()).isTrue();
				assertThat(limiter.getCircuitBreaker().getMetrics().getNumberOfNotPermittedCalls())
					.isEqualTo(notPermitted + 1);
			}
			finally {
				redis.resume();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				limiter.check("bob");
				return limiter.getCircuitBreaker().getState() == CircuitBreaker.State.CLOSED;
			});
		}
	}

	@Test
	void failsOpenOrClosedWhileRedisIsDownAsConfigured() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			RedisEndpoint endpoint = RedisEndpoint.of(redis.host(), redis.port(), "test");
			RateLimitPlans plans = RateLimitPlans.of(new RateLimitWindow(1, Duration.ofMinutes(1)));
			RedisClientRateLimiter open = limiter(endpoint, plans, false, RedisFailureMode.ALLOW);
			redis.kill();
			for (int i = 0; i < 3; i++) {
				assertThat(open.check("alice").allowed()).isTrue();
			}
			this.connectionFactory.destroy();
			RedisClientRateLimiter closed = limiter(endpoint, plans, false, RedisFailureMode.DENY);
			assertThat(closed.check("alice").allowed()).isFalse();
		}
	}

	private RedisClientRateLimiter limiter(RedisEndpoint endpoint, RateLimitPlans plans, boolean monitorOnly,
			RedisFailureMode failureMode) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.build();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()), client);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		CircuitBreaker breaker = CircuitBreaker.of("redis-" + UUID.randomUUID(), CircuitBreakerConfig.custom()
			.slidingWindowSize(4)
			.minimumNumberOfCalls(2)
			.waitDurationInOpenState(Duration.ofMillis(200))
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
		return new RedisClientRateLimiter(plans, monitorOnly, 1000, new StringRedisTemplate(this.connectionFactory),
				this.prefix, breaker, failureMode);
	}

}
