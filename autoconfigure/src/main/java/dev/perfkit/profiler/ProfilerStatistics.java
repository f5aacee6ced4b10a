package dev.perfkit.profiler;

import java.util.Map;

/**
 * Totals of a {@link QueryProfiler} since start or the last reset. Durations are in milliseconds.
 *
 * @param enabled whether the profiler is recording
 * @param totalQueries statements recorded
 * @param slowQueries statements at or above the slow-query threshold
 * @param slowQueryPercentage share of slow statements, 0 to 100
 * @param errors statements that failed
 * @param averageMs mean duration
 * @param maxMs longest duration
 * @param queriesByOperation statements per operation
 * @param queriesByTable statements per table (bounded; {@code other} beyond the bound)
 * @param fingerprints distinct normalised statements tracked
 * @param evictedFingerprints fingerprints evicted to stay within the bound
 * @param nPlusOneIncidents N+1 patterns detected
 * @param profilerFailures failures of the profiler itself (never of a statement)
 * @param unexplainedStatements slow statements whose plan could not be captured (not a failure of the profiler)
 * @since 0.1.0
 */
public record ProfilerStatistics(boolean enabled, long totalQueries, long slowQueries, double slowQueryPercentage,
		long errors, double averageMs, double maxMs, Map<String, Long> queriesByOperation,
		Map<String, Long> queriesByTable, int fingerprints, long evictedFingerprints, long nPlusOneIncidents,
		long profilerFailures, long unexplainedStatements) {

}
