package dev.perfkit.test.coherence;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoherenceModelTests {

	private static final Duration WINDOW = Duration.ofSeconds(5);

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	@Test
	void theCurrentValueAndAMissAreAlwaysAllowed() {
		CoherenceModel model = new CoherenceModel(1, 2, 1, WINDOW);
		long now = System.nanoTime();
		assertThat(model.check(0, 0, "s1:k0@0", false, now, 0)).isNull();
		assertThat(model.check(0, 0, null, true, now, 0)).isNull();
		assertThat(model.check(0, 0, null, false, now, 0)).contains("returned null");
	}

	@Test
	void aValueOfAnotherKeyScheduleOrVersionIsNeverAllowed() {
		CoherenceModel model = new CoherenceModel(1, 2, 2, WINDOW);
		long now = System.nanoTime();
		assertThat(model.check(0, 0, "s1:k1@0", false, now, 0)).contains("not one of key k0");
		assertThat(model.check(0, 0, "s2:k0@0", false, now, 0)).contains("not one of key k0");
		assertThat(model.check(0, 0, "s1:k0@1", false, now, 0)).contains("never written");
	}

	@Test
	void aSupersededValueIsAllowedWithinTheWindowOnly() {
		CoherenceModel model = new CoherenceModel(1, 2, 1, WINDOW);
		model.write(0, 0);
		long now = System.nanoTime();
		assertThat(model.check(1, 0, "s1:k0@0", false, now, 0)).isNull();
		assertThat(model.check(1, 0, "s1:k0@0", false, now + 6 * SECOND, 0)).contains("superseded");
		assertThat(model.isFresh(0, "s1:k0@0")).isFalse();
		assertThat(model.isFresh(0, "s1:k0@1")).isTrue();
	}

	@Test
	void anInstanceNeverReadsBelowItsOwnLastWrite() {
		CoherenceModel model = new CoherenceModel(1, 2, 1, WINDOW);
		model.write(0, 0);
		long now = System.nanoTime();
		assertThat(model.check(0, 0, "s1:k0@0", false, now, model.ownWrite(0, 0))).contains("after writing");
		assertThat(model.check(1, 0, "s1:k0@0", false, now, model.ownWrite(1, 0))).isNull();
	}

	@Test
	void afterAFaultTheWindowCountsFromTheHeal() {
		CoherenceModel model = new CoherenceModel(1, 2, 1, WINDOW);
		long began = System.nanoTime();
		model.faultBegan(began);
		model.write(0, 0);
		assertThat(model.check(1, 0, "s1:k0@0", false, began + 60 * SECOND, 0)).isNull();
		model.healed(began + 30 * SECOND);
		assertThat(model.lastChange()).isEqualTo(began + 30 * SECOND);
		assertThat(model.check(1, 0, "s1:k0@0", false, began + 34 * SECOND, 0)).isNull();
		assertThat(model.check(1, 0, "s1:k0@0", false, began + 36 * SECOND, 0)).contains("superseded");
	}

}
