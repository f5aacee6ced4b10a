package dev.perfkit.resilience.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.perfkit.resilience.ratelimit.ClientRateLimiter.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalClientRateLimiterTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	@Test
	void allowsTheLimitPerWindowAndRefusesTheRest() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(5, Duration.ofSeconds(10))));
		List<Boolean> allowed = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			allowed.add(limiter.check("alice").allowed());
		}
		assertThat(allowed).containsExactly(true, true, true, true, true, false, false);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.ALLOWED)).isEqualTo(5);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.REJECTED)).isEqualTo(2);
	}

	@Test
	void countsEachClientSeparately() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(1, Duration.ofSeconds(10))));
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("bob").allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).isFalse();
	}

	@Test
	void reportsRemainingCallsAndRetryAfter() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(2, Duration.ofSeconds(10))));
		RateLimitDecision first = limiter.check("alice");
		assertThat(first.limit()).isEqualTo(2);
		assertThat(first.remaining()).isEqualTo(1);
		assertThat(first.resetMillis()).isEqualTo(10_000);
		limiter.check("alice");
		this.clock.addAndGet(Duration.ofSeconds(4).toNanos());
		RateLimitDecision refused = limiter.check("alice");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.remaining()).isZero();
		assertThat(refused.retryAfterMillis()).isBetween(1L, 20_000L);
		assertThat(refused.toException().getRetryAfter()).isEqualTo(Duration.ofMillis(refused.retryAfterMillis()));
	}

	@Test
	void windowSlidesSoThePreviousWindowCountsByItsOverlap() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(10, Duration.ofSeconds(10))));
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.check("alice").allowed()).isTrue();
		}
		assertThat(limiter.check("alice").allowed()).isFalse();
		// half-way through the next window half of the previous 10 still count: 5 calls fit
		this.clock.addAndGet(Duration.ofSeconds(15).toNanos());
		int allowed = 0;
		for (int i = 0; i < 10; i++) {
			allowed += limiter.check("alice").allowed() ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(5);
		// two windows later nothing of the past counts
		this.clock.addAndGet(Duration.ofSeconds(20).toNanos());
		allowed = 0;
		for (int i = 0; i < 12; i++) {
			allowed += limiter.check("alice").allowed() ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(10);
	}

	@Test
	void refusedCallSucceedsOnceItsRetryAfterHasPassed() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(3, Duration.ofSeconds(10))));
		for (int i = 0; i < 3; i++) {
			limiter.check("alice");
		}
		RateLimitDecision refused = limiter.check("alice");
		assertThat(refused.allowed()).isFalse();
		this.clock.addAndGet(Duration.ofMillis(refused.retryAfterMillis()).toNanos());
		assertThat(limiter.check("alice").allowed()).isTrue();
	}

	@Test
	void planWithSeveralWindowsAppliesAllOfThem() {
		RateLimitPlan plan = new RateLimitPlan(RateLimitPlan.DEFAULT, List.of(
				new RateLimitWindow(2, Duration.ofSeconds(1)), new RateLimitWindow(3, Duration.ofHours(1))));
		LocalClientRateLimiter limiter = limiter(new RateLimitPlans(plan, Map.of()));
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).as("2 per second").isFalse();
		this.clock.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(limiter.check("alice").allowed()).isTrue();
		this.clock.addAndGet(Duration.ofSeconds(2).toNanos());
		RateLimitDecision hourly = limiter.check("alice");
		assertThat(hourly.allowed()).as("3 per hour").isFalse();
		assertThat(hourly.limit()).isEqualTo(3);
	}

	@Test
	void clientPatternsSelectTheirOwnPlan() {
		Map<String, RateLimitPlan> overrides = new LinkedHashMap<>();
		overrides.put("premium-*", new RateLimitPlan("premium-*", List.of(new RateLimitWindow(3, Duration.ofMinutes(1)))));
		LocalClientRateLimiter limiter = limiter(new RateLimitPlans(
				new RateLimitPlan(RateLimitPlan.DEFAULT, List.of(new RateLimitWindow(1, Duration.ofMinutes(1)))),
				overrides));
		assertThat(limiter.check("premium-acme").plan()).isEqualTo("premium-*");
		assertThat(limiter.check("premium-acme").allowed()).isTrue();
		assertThat(limiter.check("premium-acme").allowed()).isTrue();
		assertThat(limiter.check("premium-acme").allowed()).isFalse();
		assertThat(limiter.check("free-joe").allowed()).isTrue();
		assertThat(limiter.check("free-joe").allowed()).isFalse();
		assertThat(limiter.count("premium-*", Result.REJECTED)).isEqualTo(1);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.REJECTED)).isEqualTo(1);
	}

	@Test
	void monitorOnlyLetsCallsThroughAndCountsThem() {
		LocalClientRateLimiter limiter = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(2, Duration.ofMinutes(1))), true, 100, this.clock::get);
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.check("alice").allowed()).isTrue();
		}
		assertThat(limiter.check("alice").monitored()).isTrue();
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.ALLOWED)).isEqualTo(2);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.MONITORED)).isEqualTo(4);
		assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.REJECTED)).isZero();
		assertThat(limiter.topRejected(5)).containsExactly(new ClientRateLimiter.ClientRejections("alice", 4));
	}

	@Test
	void limitsChangeAtRunTime() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(1, Duration.ofMinutes(1))));
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("alice").allowed()).isFalse();
		limiter.updatePlan(RateLimitPlan.DEFAULT, List.of(new RateLimitWindow(3, Duration.ofMinutes(1))));
		assertThat(limiter.check("alice").allowed()).isTrue();
		assertThat(limiter.check("alice").limit()).isEqualTo(3);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> limiter.updatePlan("gold", List.of(new RateLimitWindow(3, Duration.ofMinutes(1)))))
			.withMessageContaining("gold");
	}

	@Test
	void memoryIsBoundedByMaxClients() {
		LocalClientRateLimiter limiter = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(10, Duration.ofMinutes(1))), false, 100, this.clock::get);
		for (int i = 0; i < 5_000; i++) {
			limiter.check("client-" + i);
		}
		assertThat(limiter.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void usageListsTheBusiestClientsFirst() {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(10, Duration.ofMinutes(1))));
		for (int i = 0; i < 8; i++) {
			limiter.check("busy");
		}
		limiter.check("quiet");
		assertThat(limiter.usage(1)).containsExactly(new ClientRateLimiter.ClientUsage("busy", "default", 10, 2));
	}

	@Test
	void concurrentCallsOfOneClientAllowExactlyTheLimit() throws Exception {
		LocalClientRateLimiter limiter = limiter(RateLimitPlans.of(new RateLimitWindow(5_000, Duration.ofMinutes(1))));
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(executor.submit(() -> {
					start.await();
					int allowed = 0;
					for (int i = 0; i < 1_000; i++) {
						allowed += limiter.check("shared").allowed() ? 1 : 0;
					}
					return allowed;
				}));
			}
			start.countDown();
			int allowed = 0;
			for (Future<Integer> result : results) {
				allowed += result.get();
			}
			assertThat(allowed).isEqualTo(5_000);
			assertThat(limiter.count(RateLimitPlan.DEFAULT, Result.REJECTED)).isEqualTo(3_000);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private LocalClientRateLimiter limiter(RateLimitPlans plans) {
		return new LocalClientRateLimiter(plans, false, 10_000, this.clock::get);
	}

}
