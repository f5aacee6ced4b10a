package dev.perfkit.profiler.observation;

import java.lang.management.ManagementFactory;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.QueryProfiler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts the bytes the observation hook allocates on the statement path: none while nothing handles observations.
 */
class JdbcObservationsAllocationTests {

	private static final int CALLS = 100_000;

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final AnalyzedSql sql = new QueryProfiler().analyze("SELECT name FROM item WHERE id = ?");

	@Test
	void noopRegistryAllocatesNothing() {
		assertThat(bytesPerCall(new JdbcObservations(ObservationRegistry.NOOP))).isZero();
	}

	@Test
	void registryWithoutHandlerAllocatesNothing() {
		assertThat(bytesPerCall(new JdbcObservations(ObservationRegistry.create()))).isZero();
	}

	@Test
	void registryWithHandlerObservesEveryCall() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		JdbcObservations observations = new JdbcObservations(registry);
		for (int i = 0; i < 3; i++) {
			JdbcObservations.stop(observations.start("dataSource", this.sql), -1, null);
		}
		assertThat(registry).hasNumberOfObservationsWithNameEqualTo("jdbc.query", 3);
	}

	private long bytesPerCall(JdbcObservations observations) {
		assertThat(observations.isActive()).isFalse();
		long fewest = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long before = this.threads.getCurrentThreadAllocatedBytes();
			for (int i = 0; i < CALLS; i++) {
				Observation observation = observations.start("dataSource", this.sql);
				JdbcObservations.stop(observation, -1, null);
			}
			fewest = Math.min(fewest, this.threads.getCurrentThreadAllocatedBytes() - before);
		}
		// the counter's own reading may allocate a few bytes; a context per call would be over 100 bytes
		return fewest / CALLS;
	}

}
