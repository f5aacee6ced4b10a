package dev.perfkit.resilience.throttle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.perfkit.resilience.ThrottledException;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ThrottleTests {

	private final AtomicLong clock = new AtomicLong();

	private final AtomicReference<Double> cpu = new AtomicReference<>(0.1);

	@Test
	void fixedThrottleRefusesCallsOverItsRate() {
		Throttle throttle = throttle(settings(5, false));
		int refused = 0;
		for (int i = 0; i < 50; i++) {
			try {
				throttle.acquire();
			}
			catch (ThrottledException ex) {
				assertThat(ex.getRate()).isEqualTo(5);
				refused++;
			}
		}
		assertThat(refused).isPositive();
		assertThat(throttle.getRejected()).isEqualTo(refused);
	}

	@Test
	void rateLimiterIsRegisteredInResilience4jRegistry() {
		RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
		Throttle throttle = new Throttle(registry, settings(50, false), this.cpu::get, this.clock::get);
		assertThat(registry.find("perfkit-throttle")).contains(throttle.getRateLimiter());
		assertThat(throttle.getRateLimiter().getRateLimiterConfig().getLimitForPeriod()).isEqualTo(50);
	}

	@Test
	void adaptiveThrottleLowersRateWhileLatencyExceedsTargetAndRaisesItWhenLatencyRecovers() {
		Throttle throttle = throttle(settings(100, true));
		callsTaking(throttle, Duration.ofMillis(500));
		assertThat(throttle.adjust()).isEqualTo(75);
		callsTaking(throttle, Duration.ofMillis(500));
		assertThat(throttle.adjust()).isEqualTo(56.25);
		assertThat(throttle.getRateLimiter().getRateLimiterConfig().getLimitForPeriod()).isEqualTo(57);
		for (int i = 0; i < 50; i++) {
			callsTaking(throttle, Duration.ofMillis(500));
			throttle.adjust();
		}
		assertThat(throttle.getRate()).as("never below min-rate").isEqualTo(10);
		callsTaking(throttle, Duration.ofMillis(20));
		assertThat(throttle.adjust()).isEqualTo(20);
		for (int i = 0; i < 50; i++) {
			callsTaking(throttle, Duration.ofMillis(20));
			throttle.adjust();
		}
		assertThat(throttle.getRate()).as("never above max-rate").isEqualTo(200);
		assertThat(throttle.getHistory()).last()
			.satisfies((change) -> assertThat(change.reason()).startsWith("healthy"));
		assertThat(throttle.getHistory()).hasSizeLessThanOrEqualTo(20);
	}

	@Test
	void adaptiveThrottleLowersRateOnErrorsAndOnCpu() {
		Throttle throttle = throttle(settings(100, true));
		for (int i = 0; i < 10; i++) {
			throttle.record(Duration.ofMillis(1).toNanos(), i % 2 == 0);
		}
		assertThat(throttle.adjust()).isEqualTo(75);
		assertThat(throttle.getHistory()).last()
			.satisfies((change) -> assertThat(change.reason()).startsWith("error rate"));
		this.cpu.set(0.95);
		callsTaking(throttle, Duration.ofMillis(1));
		assertThat(throttle.adjust()).isEqualTo(56.25);
		assertThat(throttle.getHistory()).last()
			.satisfies((change) -> assertThat(change.reason()).startsWith("cpu"));
	}

	@Test
	void idleIntervalLeavesRateAlone() {
		Throttle throttle = throttle(settings(100, true));
		assertThat(throttle.adjust()).isEqualTo(100);
		assertThat(throttle.getHistory()).hasSize(1);
	}

	@Test
	void operatorCanSetTheRate() {
		Throttle throttle = throttle(settings(100, false));
		throttle.setRate(7, "operator");
		assertThat(throttle.getRate()).isEqualTo(7);
		assertThat(throttle.getRateLimiter().getRateLimiterConfig().getLimitForPeriod()).isEqualTo(7);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> throttle.setRate(0, "zero"));
	}

	private void callsTaking(Throttle throttle, Duration latency) {
		for (int i = 0; i < 5; i++) {
			long start = throttle.onStart();
			this.clock.addAndGet(latency.toNanos());
			throttle.onComplete(start, true);
		}
	}

	private Throttle throttle(Throttle.Settings settings) {
		return new Throttle(RateLimiterRegistry.ofDefaults(), settings, this.cpu::get, this.clock::get);
	}

	private static Throttle.Settings settings(double rate, boolean adaptive) {
		return new Throttle.Settings(rate, adaptive, 10, 200, Duration.ofMillis(100), 0.8, 0.1, 0.75, 10,
				Duration.ZERO, 20);
	}

}
