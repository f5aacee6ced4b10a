package dev.perfkit.profiler.health;

import java.util.ArrayList;
import java.util.List;

import dev.perfkit.profiler.ProfilerStatistics;
import dev.perfkit.profiler.QueryProfiler;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the SQL profiler: always {@code UP} (slow SQL is a finding, not an outage), with the totals and the
 * issues found, such as a slow-query rate over its threshold, N+1 patterns or failures of the profiler itself.
 *
 * @since 0.1.0
 */
public class ProfilerHealthIndicator extends AbstractHealthIndicator {

	private final QueryProfiler profiler;

	private final double slowQueryPercentage;

	/**
	 * Create an indicator.
	 * @param profiler the profiler
	 * @param slowQueryPercentage share of slow statements, in percent, above which an issue is reported
	 */
	public ProfilerHealthIndicator(QueryProfiler profiler, double slowQueryPercentage) {
		super("SQL profiler health check failed");
		this.profiler = profiler;
		this.slowQueryPercentage = slowQueryPercentage;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ProfilerStatistics statistics = this.profiler.statistics();
		List<String> issues = new ArrayList<>();
		if (statistics.totalQueries() > 0 && statistics.slowQueryPercentage() > this.slowQueryPercentage) {
			issues.add(String.format("slow-query rate %.2f%% is over %.2f%%", statistics.slowQueryPercentage(),
					this.slowQueryPercentage));
		}
		if (statistics.nPlusOneIncidents() > 0) {
			issues.add(statistics.nPlusOneIncidents() + " N+1 query pattern(s) detected");
		}
		if (statistics.profilerFailures() > 0) {
			issues.add(statistics.profilerFailures() + " profiler failure(s), statements unaffected");
		}
		builder.up()
			.withDetail("enabled", statistics.enabled())
			.withDetail("totalQueries", statistics.totalQueries())
			.withDetail("slowQueries", statistics.slowQueries())
			.withDetail("slowQueryPercentage", statistics.slowQueryPercentage())
			.withDetail("nPlusOneIncidents", statistics.nPlusOneIncidents())
			.withDetail("unexplainedStatements", statistics.unexplainedStatements())
			.withDetail("issues", issues);
	}

}
