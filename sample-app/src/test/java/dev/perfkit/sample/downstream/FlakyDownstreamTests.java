package dev.perfkit.sample.downstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FlakyDownstream}.
 */
class FlakyDownstreamTests {

	@Test
	void failsAboutAsOftenAsTheFailureRate() {
		FlakyDownstream downstream = new FlakyDownstream(new DownstreamProperties(0.3, Duration.ZERO, 42));
		long failures = outcomes(downstream, 1_000).stream().filter((failed) -> failed).count();
		assertThat(failures).isBetween(250L, 350L);
	}

	@Test
	void sameSeedFailsTheSameCalls() {
		List<Boolean> first = outcomes(new FlakyDownstream(new DownstreamProperties(0.5, Duration.ZERO, 7)), 100);
		List<Boolean> second = outcomes(new FlakyDownstream(new DownstreamProperties(0.5, Duration.ZERO, 7)), 100);
		assertThat(second).isEqualTo(first);
	}

	@Test
	void failureRateCanChangeAtRunTime() {
		FlakyDownstream downstream = new FlakyDownstream(new DownstreamProperties(0.0, Duration.ZERO, 42));
		assertThat(outcomes(downstream, 50)).containsOnly(false);
		downstream.setFailureRate(1.0);
		assertThat(outcomes(downstream, 50)).containsOnly(true);
	}

	@Test
	void failureRateOutsideZeroToOneIsRejected() {
		FlakyDownstream downstream = new FlakyDownstream(new DownstreamProperties(0.0, Duration.ZERO, 42));
		assertThatIllegalArgumentException().isThrownBy(() -> downstream.setFailureRate(1.5))
			.withMessageContaining("failureRate");
		assertThatIllegalArgumentException().isThrownBy(() -> downstream.setFailureRate(-0.1));
	}

	private List<Boolean> outcomes(FlakyDownstream downstream, int calls) {
		List<Boolean> outcomes = new ArrayList<>(calls);
		for (int i = 0; i < calls; i++) {
			try {
				downstream.call("key-" + i);
				outcomes.add(false);
			}
			catch (DownstreamException ex) {
				outcomes.add(true);
			}
		}
		return outcomes;
	}

}
