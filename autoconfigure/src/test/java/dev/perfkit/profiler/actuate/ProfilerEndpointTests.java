package dev.perfkit.profiler.actuate;

import java.time.Duration;
import java.util.List;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilerEndpointTests {

	private final QueryProfiler profiler = new QueryProfiler(new ProfilerSettings(Duration.ofMillis(100), 10, 100,
			CaptureMode.SLOW, CaptureMode.SLOW, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 3), List.of());

	private final ProfilerEndpoint endpoint = new ProfilerEndpoint(this.profiler);

	@Test
	void statsCountRecordedStatements() {
		record("SELECT * FROM t WHERE id = 1", 5);
		record("SELECT * FROM t WHERE id = 2", 150);
		ProfilerEndpoint.StatsDescriptor stats = this.endpoint.stats();
		assertThat(stats.profiler().totalQueries()).isEqualTo(2);
		assertThat(stats.profiler().slowQueries()).isEqualTo(1);
		assertThat(stats.profiler().slowQueryPercentage()).isEqualTo(50.0);
		assertThat(stats.profiler().maxMs()).isEqualTo(150.0);
	}

	@Test
	void slowQueriesHonourThresholdAndLimit() {
		record("SELECT 1", 120);
		record("SELECT 2", 300);
		record("SELECT 3", 20);
		var slow = (ProfilerEndpoint.SlowQueriesDescriptor) this.endpoint.part("slow-queries", null, "200ms", 10, null);
		assertThat(slow.queries()).extracting(QueryRecord::getDurationMs).containsExactly(300.0);
		var all = (ProfilerEndpoint.SlowQueriesDescriptor) this.endpoint.part("slow-queries", null, "10", 10, null);
		assertThat(all.queries()).extracting(QueryRecord::getDurationMs).containsExactly(300.0, 120.0, 20.0);
	}

	@Test
	void queryByIdAndUnknownRoutes() {
		QueryRecord record = record("DELETE FROM t", 1);
		assertThat(this.endpoint.query("queries", record.getId())).isSameAs(record);
		assertThat(this.endpoint.query("other", record.getId())).isNull();
		assertThat(this.endpoint.part("nothing", null, null, null, null)).isNull();
	}

	@Test
	void toggleAndReset() {
		record("SELECT 1", 1);
		assertThat(this.endpoint.toggle(false).profiler().enabled()).isFalse();
		this.endpoint.reset();
		assertThat(this.endpoint.stats().profiler().totalQueries()).isZero();
	}

	private QueryRecord record(String sql, long millis) {
		AnalyzedSql analyzed = this.profiler.analyze(sql);
		return this.profiler.record("ds", analyzed, Duration.ofMillis(millis).toNanos(), 1, 0, null, null);
	}

}
