package dev.perfkit.test.coherence;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.perfkit.test.coherence.Schedule.Kind;
import dev.perfkit.test.coherence.Schedule.Operation;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTests {

	@Test
	void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
		assertThat(Schedule.generate(42, 3, 3)).isEqualTo(Schedule.generate(42, 3, 3));
		assertThat(Schedule.generate(42, 3, 3).operations()).isNotEqualTo(Schedule.generate(43, 3, 3).operations());
	}

	@Test
	void everyFaultIsHealedAndEverySlowLoadReleasedBeforeTheScheduleEnds() {
		int faults = 0;
		int cacheable = 0;
		for (long seed = 1; seed <= 500; seed++) {
			Schedule schedule = Schedule.generate(seed, 3, 3);
			List<Operation> operations = schedule.operations();
			Operation fault = null;
			Operation slow = null;
			List<Operation> faultKinds = new ArrayList<>();
			for (Operation operation : operations) {
				assertThat(operation.instance()).isBetween(0, 2);
				assertThat(operation.key()).isBetween(-1, 2);
				switch (operation.kind()) {
					case BLACK_HOLE, DELAY, LOSE_PUBLISHES -> {
						assertThat(fault).isNull();
						fault = operation;
						faultKinds.add(operation);
					}
					case RESTART_REDIS -> faultKinds.add(operation);
					case HEAL -> {
						assertThat(fault).isNotNull();
						assertThat(operation.instance()).isEqualTo(fault.instance());
						fault = null;
					}
					case SLOW_LOAD, SLOW_CACHEABLE_LOAD -> {
						cacheable += (operation.kind() == Kind.SLOW_CACHEABLE_LOAD) ? 1 : 0;
						assertThat(slow).isNull();
						slow = operation;
					}
					case RELEASE -> {
						assertThat(operation).isEqualTo(new Operation(Kind.RELEASE, slow.instance(), slow.key()));
						slow = null;
					}
					case LOAD, FAILING_LOAD, CACHEABLE_LOAD -> {
						cacheable += (operation.kind() == Kind.CACHEABLE_LOAD) ? 1 : 0;
						// the pending slow load holds the key's single flight on its instance
						if (slow != null) {
							assertThat(operation.instance() == slow.instance() && operation.key() == slow.key())
								.isFalse();
						}
					}
					default -> {
					}
				}
			}
			assertThat(fault).as(schedule::describe).isNull();
			assertThat(slow).as(schedule::describe).isNull();
			assertThat(faultKinds).hasSizeLessThanOrEqualTo(1);
			faults += faultKinds.size();
		}
		assertThat(faults).isBetween(100, 200);
		assertThat(cacheable).isPositive();
	}

	@Test
	void describesTheSeedAndNumbersTheOperations() {
		Schedule schedule = new Schedule(7, 2, 1,
				List.of(new Operation(Kind.PUT, 0, 0), new Operation(Kind.GET, 1, 0), new Operation(Kind.CLEAR, 1, -1)));
		assertThat(schedule.describe()).isEqualTo(String.join(System.lineSeparator(),
				"schedule of seed 7 (2 instances, 1 keys, 3 operations):", "   0  PUT i0 k0", "   1  GET i1 k0",
				"   2  CLEAR i1"));
	}

}
