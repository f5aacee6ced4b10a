package dev.perfkit.resilience.guard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.perfkit.resilience.ClientThrottledException;
import dev.perfkit.resilience.PerfkitProtectionException;
import dev.perfkit.resilience.RateLimitExceededException;
import dev.perfkit.resilience.ThrottledException;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class GuardTests {

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
		.slidingWindowSize(4)
		.minimumNumberOfCalls(4)
		.failureRateThreshold(50)
		.waitDurationInOpenState(Duration.ofMinutes(1))
		.build());

	private final RetryRegistry retries = RetryRegistry
		.of(RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(1)).build());

	private final BulkheadRegistry bulkheads = BulkheadRegistry
		.of(BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());

	private final LocalClientRateLimiter rateLimiter = new LocalClientRateLimiter(
			RateLimitPlans.of(new RateLimitWindow(2, Duration.ofMinutes(1))), false, 1000);

	private final Throttle throttle = new Throttle(RateLimiterRegistry.ofDefaults(), new Throttle.Settings(3, false,
			1, 10, Duration.ofSeconds(1), 0.9, 0.5, 0.75, 1, Duration.ZERO, 10), () -> 0.0);

	private GuardRegistry registry;

	@AfterEach
	void destroy() {
		if (this.registry != null) {
			this.registry.destroy();
		}
	}

	@Test
	void callsGoThroughAndReturnTheirResult() {
		Guard guard = guard(new GuardSpec("backend", true, true, "backend", null, "backend"));
		assertThat(guard.execute("alice", () -> "ok")).isEqualTo("ok");
		assertThat(guard.isThrottled()).isTrue();
		assertThat(guard.isRateLimited()).isTrue();
	}

	@Test
	void rateLimitedCallIsNeitherRetriedNorCountedAsBreakerFailure() {
		Guard guard = guard(new GuardSpec("backend", false, true, null, null, "backend"));
		AtomicInteger calls = new AtomicInteger();
		guard.execute("alice", calls::incrementAndGet);
		guard.execute("alice", calls::incrementAndGet);
		assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> guard.execute("alice", calls::incrementAndGet))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isPositive())
			.isInstanceOf(PerfkitProtectionException.class);
		assertThat(calls).hasValue(2);
		CircuitBreaker.Metrics metrics = guard.getCircuitBreaker().getMetrics();
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
		assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(2);
		assertThat(guard.getRetry().getMetrics().getNumberOfTotalCalls()).isEqualTo(2);
	}

	@Test
	void throttledCallIsNotCountedAsBreakerFailure() {
		Guard guard = guard(new GuardSpec("backend", true, false, null, null, null));
		int throttled = 0;
		for (int i = 0; i < 30; i++) {
			try {
				guard.execute(() -> "ok");
			}
			catch (ThrottledException ex) {
				throttled++;
			}
		}
		assertThat(throttled).isPositive();
		assertThat(guard.getCircuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void circuitOpensAfterFailuresAndRefusesCallsWithoutRunningThem() {
		Guard guard = guard(new GuardSpec("backend", false, false, null, null, null));
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> guard.execute(() -> {
				calls.incrementAndGet();
				throw new IllegalStateException("down");
			}));
		}
		assertThat(guard.getCircuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatExceptionOfType(CallNotPermittedException.class)
			.isThrownBy(() -> guard.execute(calls::incrementAndGet));
		assertThat(calls).hasValue(4);
	}

	@Test
	void retriedFailuresAreOneBreakerOutcome() {
		Guard guard = guard(new GuardSpec("backend", false, false, null, null, "backend"));
		AtomicInteger attempts = new AtomicInteger();
		String result = guard.execute(() -> {
			if (attempts.incrementAndGet() < 3) {
				throw new IllegalStateException("flaky");
			}
			return "third time";
		});
		assertThat(result).isEqualTo("third time");
		assertThat(attempts).hasValue(3);
		assertThat(guard.getCircuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(guard.getCircuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void fullBulkheadRefusesCallsWithoutCountingThemAsBreakerFailures() throws Exception {
		Guard guard = guard(new GuardSpec("backend", false, false, "backend", null, null));
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> guard.execute(() -> {
			inside.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
			return "held";
		}));
		assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(BulkheadFullException.class).isThrownBy(() -> guard.execute(() -> "second"));
		release.countDown();
		assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("held");
		assertThat(guard.getCircuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void timeoutCancelsSlowCallAndCountsAsBreakerFailure() {
		Guard guard = guard(new GuardSpec("backend", false, false, null, Duration.ofMillis(100), null));
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger interrupted = new AtomicInteger();
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> guard.call("alice", () -> {
			try {
				never.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.incrementAndGet();
			}
			return "late";
		}));
		await().atMost(Duration.ofSeconds(10)).untilAtomic(interrupted, org.hamcrest.Matchers.equalTo(1));
		assertThat(guard.getCircuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void clientSideThrottlingRefusesCallsLocallyWhileTheDownstreamFails() {
		Guard guard = guard(new GuardSpec(null, false, false, null, null, null, 2.0, Duration.ofMinutes(1)));
		AtomicInteger reached = new AtomicInteger();
		int refusedLocally = 0;
		for (int i = 0; i < 200; i++) {
			try {
				guard.execute(() -> {
					reached.incrementAndGet();
					throw new IllegalStateException("overloaded");
				});
			}
			catch (ClientThrottledException ex) {
				refusedLocally++;
			}
			catch (IllegalStateException ex) {
				// the downstream refused
			}
		}
		assertThat(refusedLocally).isPositive();
		assertThat(reached.get() + refusedLocally).isEqualTo(200);
		assertThat(guard.getClientSideThrottle().getRejectionProbability()).isGreaterThan(0.5);
	}

	@Test
	void adaptiveThrottleLowersItsRateWhileGuardedCallsAreSlowAndRaisesItWhenTheyRecover() {
		AtomicLong clock = new AtomicLong();
		Throttle adaptive = new Throttle(RateLimiterRegistry.ofDefaults(), new Throttle.Settings(100, true, 10, 200,
				Duration.ofMillis(100), 0.9, 0.5, 0.5, 20, Duration.ZERO, 50), () -> 0.1, clock::get);
		this.registry = new GuardRegistry(Map.of("slow", new GuardSpec(null, true, false, null, null, null)), null,
				adaptive, this.circuitBreakers, this.bulkheads, this.retries, TimeLimiterRegistry.ofDefaults());
		Guard guard = this.registry.guard("slow");
		AtomicLong latency = new AtomicLong(Duration.ofMillis(400).toNanos());
		for (int step = 0; step < 3; step++) {
			for (int i = 0; i < 5; i++) {
				guard.execute(() -> clock.addAndGet(latency.get()));
			}
			adaptive.adjust();
		}
		assertThat(adaptive.getRate()).isEqualTo(12.5);
		latency.set(Duration.ofMillis(10).toNanos());
		for (int step = 0; step < 2; step++) {
			guard.execute(() -> clock.addAndGet(latency.get()));
			adaptive.adjust();
		}
		assertThat(adaptive.getRate()).isEqualTo(52.5);
		assertThat(adaptive.getHistory()).extracting(Throttle.RateChange::to)
			.containsExactly(100.0, 50.0, 25.0, 12.5, 32.5, 52.5);
	}

	@Test
	void unknownGuardIsReportedByName() {
		guard(new GuardSpec("backend", false, false, null, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.guard("nope"))
			.withMessageContaining("perfkit.resilience.guards.nope");
	}

	@Test
	void guardThatNeedsADisabledProtectionFailsToBuild() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GuardRegistry(Map.of("g", new GuardSpec(null, false, true, null, null, null)), null,
					null, this.circuitBreakers, this.bulkheads, this.retries, TimeLimiterRegistry.ofDefaults()))
			.withMessageContaining("rate limiting is disabled");
	}

	private Guard guard(GuardSpec spec) {
		this.registry = new GuardRegistry(Map.of("backend", spec), this.rateLimiter, this.throttle,
				this.circuitBreakers, this.bulkheads, this.retries, TimeLimiterRegistry.ofDefaults());
		return this.registry.guard("backend");
	}

}
