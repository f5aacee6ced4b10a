package dev.perfkit.resilience.throttle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ClientSideThrottleTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final AtomicReference<Double> random = new AtomicReference<>(0.5);

	private final ClientSideThrottle throttle = new ClientSideThrottle(2.0, Duration.ofSeconds(10), this.clock::get,
			this.random::get);

	@Test
	void acceptedCallsKeepTheRejectionProbabilityAtZero() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.throttle.tryAcquire()).isTrue();
			this.throttle.onAccepted();
		}
		assertThat(this.throttle.getRejectionProbability()).isZero();
	}

	@Test
	void rejectionProbabilityFollowsTheSreFormula() {
		for (int i = 0; i < 10; i++) {
			this.throttle.tryAcquire();
			this.throttle.onAccepted();
		}
		for (int i = 0; i < 30; i++) {
			this.throttle.tryAcquire();
		}
		// requests 40, accepts 10: (40 - 2 * 10) / 41
		assertThat(this.throttle.getRejectionProbability()).isCloseTo(20.0 / 41, within(1e-9));
		this.random.set(0.4);
		assertThat(this.throttle.tryAcquire()).as("random below the probability: refused").isFalse();
		this.random.set(0.6);
		assertThat(this.throttle.tryAcquire()).as("random above the probability: sent").isTrue();
	}

	@Test
	void failuresAgeOutOfTheWindow() {
		for (int i = 0; i < 50; i++) {
			this.throttle.tryAcquire();
		}
		assertThat(this.throttle.getRejectionProbability()).isGreaterThan(0.9);
		this.clock.addAndGet(Duration.ofSeconds(11).toNanos());
		assertThat(this.throttle.getRejectionProbability()).isZero();
	}

	@Test
	void kMustBeAboveOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientSideThrottle(1.0, Duration.ofSeconds(1)));
	}

}
