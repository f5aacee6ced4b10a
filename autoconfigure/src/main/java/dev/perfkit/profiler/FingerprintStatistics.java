package dev.perfkit.profiler;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Aggregated statistics of every execution of one normalised statement, in the spirit of
 * {@code pg_stat_statements}. Durations are in milliseconds.
 *
 * @param fingerprint normalised SQL text
 * @param operation operation of the statement
 * @param tables tables the statement touches
 * @param calls number of executions
 * @param errors number of executions that failed
 * @param slowCalls number of executions at or above the slow-query threshold
 * @param totalMs total time
 * @param meanMs mean time
 * @param stddevMs population standard deviation of the time
 * @param minMs shortest time
 * @param maxMs longest time
 * @param p50Ms median time (histogram estimate)
 * @param p95Ms 95th percentile (histogram estimate)
 * @param p99Ms 99th percentile (histogram estimate)
 * @param rows rows returned or affected in total
 * @param topCaller most frequent application caller frame seen, if any
 * @param indexHint index hint from a captured plan that showed a full scan, if any
 * @since 0.1.0
 */
public record FingerprintStatistics(String fingerprint, SqlOperation operation, List<String> tables, long calls,
		long errors, long slowCalls, double totalMs, double meanMs, double stddevMs, double minMs, double maxMs,
		double p50Ms, double p95Ms, double p99Ms, long rows, @Nullable String topCaller, @Nullable String indexHint) {

}
