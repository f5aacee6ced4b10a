package dev.perfkit.profiler.actuate;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.perfkit.profiler.FingerprintStatistics;
import dev.perfkit.profiler.NPlusOneIncident;
import dev.perfkit.profiler.ProfilerStatistics;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.request.KeptRequest;
import dev.perfkit.profiler.request.RequestProfiles;
import dev.perfkit.profiler.request.RouteStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@link Endpoint @Endpoint} {@code profiler}: statistics, report, slow queries, single queries, fingerprints and
 * N+1 incidents of the SQL profiler; POST switches recording on or off and DELETE resets it (both off unless the
 * user grants write access).
 *
 * @since 0.1.0
 */
@Endpoint(id = "profiler", defaultAccess = Access.READ_ONLY)
public class ProfilerEndpoint {

	static final int DEFAULT_LIMIT = 20;

	static final int TOP_STATEMENTS = 5;

	private final QueryProfiler profiler;

	private final @Nullable RequestProfiles requests;

	/**
	 * Create an endpoint.
	 * @param profiler the profiler to expose
	 */
	public ProfilerEndpoint(QueryProfiler profiler) {
		this(profiler, null);
	}

	/**
	 * Create an endpoint that also shows request profiles.
	 * @param profiler the profiler to expose
	 * @param requests the request profiles, if they are on
	 */
	public ProfilerEndpoint(QueryProfiler profiler, @Nullable RequestProfiles requests) {
		this.profiler = profiler;
		this.requests = requests;
	}

	/**
	 * Overall statistics.
	 * @return the statistics
	 */
	@ReadOperation
	public StatsDescriptor stats() {
		return new StatsDescriptor(this.profiler.statistics(), ProcessDescriptor.current());
	}

	/**
	 * One of the endpoint's collections: {@code report}, {@code slow-queries}, {@code fingerprints},
	 * {@code n-plus-one} or {@code requests} (routes of request profiles, with the kept slow requests).
	 * @param part the collection
	 * @param lastN number of recent statements in the report
	 * @param threshold duration at or above which a statement is listed as slow ({@code 100ms}, or milliseconds)
	 * @param limit maximum number of entries
	 * @param sort fingerprint sort key
	 * @return the collection, or {@code null} (404) for an unknown one
	 */
	@ReadOperation
	public @Nullable OperationResponseBody part(@Selector String part, @Nullable Integer lastN,
			@Nullable String threshold, @Nullable Integer limit, @Nullable String sort) {
		int max = (limit != null) ? limit : DEFAULT_LIMIT;
		return switch (part) {
			case "report" -> report((lastN != null) ? lastN : 100, max);
			case "slow-queries" -> new SlowQueriesDescriptor(this.profiler.slowQueries(parseThreshold(threshold), max));
			case "fingerprints" -> new FingerprintsDescriptor((sort != null) ? sort : "total",
					this.profiler.fingerprints((sort != null) ? sort : "total", max));
			case "n-plus-one" -> new NPlusOneDescriptor(this.profiler.statistics().nPlusOneIncidents(),
					this.profiler.nPlusOneIncidents());
			case "requests" -> requests(max);
			default -> null;
		};
	}

	/**
	 * One statement from the history, with parameters and stack trace when they were captured, or one kept request
	 * with its breakdown, statements, cache events and guarded calls.
	 * @param part {@code queries} or {@code requests}
	 * @param id the statement or request id
	 * @return the statement ({@link QueryRecord}), the request ({@link KeptRequest}) or {@code null} (404)
	 */
	@ReadOperation
	public @Nullable Object query(@Selector String part, @Selector long id) {
		return switch (part) {
			case "queries" -> this.profiler.query(id);
			case "requests" -> (this.requests != null) ? this.requests.kept(id) : null;
			default -> null;
		};
	}

	@Nullable RequestsDescriptor requests(int limit) {
		RequestProfiles requests = this.requests;
		if (requests == null) {
			return null;
		}
		return new RequestsDescriptor(requests.isEnabled(), requests.getSlowThreshold().toMillis(),
				requests.getRequests(), requests.getFailures(), requests.routes(limit, TOP_STATEMENTS),
				requests.kept());
	}

	/**
	 * Switch recording on or off.
	 * @param enabled whether to record
	 * @return the statistics after the switch
	 */
	@WriteOperation
	public StatsDescriptor toggle(boolean enabled) {
		this.profiler.setEnabled(enabled);
		return stats();
	}

	/**
	 * Forget everything recorded so far, request profiles included.
	 */
	@DeleteOperation
	public void reset() {
		this.profiler.reset();
		if (this.requests != null) {
			this.requests.reset();
		}
	}

	ReportDescriptor report(int lastN, int limit) {
		List<QueryRecord> recent = this.profiler.history(Math.max(0, lastN));
		double total = 0;
		for (QueryRecord record : recent) {
			total += record.getDurationMs();
		}
		return new ReportDescriptor(Instant.now(), this.profiler.statistics(), recent.size(),
				recent.isEmpty() ? 0 : Math.round(total / recent.size() * 1000) / 1000.0,
				this.profiler.slowQueries(null, limit), this.profiler.fingerprints("total", limit),
				this.profiler.nPlusOneIncidents().stream().limit(limit).toList());
	}

	static @Nullable Duration parseThreshold(@Nullable String threshold) {
		if (threshold == null || threshold.isBlank()) {
			return null;
		}
		String value = threshold.trim();
		if (value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return Duration.ofMillis(Long.parseLong(value));
		}
		return DurationStyle.detectAndParse(value);
	}

	/**
	 * Overall statistics and the process's memory and CPU.
	 *
	 * @param profiler the profiler's totals
	 * @param process the process
	 */
	public record StatsDescriptor(ProfilerStatistics profiler, ProcessDescriptor process)
			implements OperationResponseBody {

	}

	/**
	 * Memory and CPU of the process.
	 *
	 * @param heapUsedBytes heap in use
	 * @param heapMaxBytes maximum heap
	 * @param processCpuLoad recent CPU load of the process, 0 to 1, or -1 when unknown
	 * @param availableProcessors processors available to the JVM
	 */
	public record ProcessDescriptor(long heapUsedBytes, long heapMaxBytes, double processCpuLoad,
			int availableProcessors) {

		static ProcessDescriptor current() {
			Runtime runtime = Runtime.getRuntime();
			OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
			double cpu = (os instanceof com.sun.management.OperatingSystemMXBean sun) ? sun.getProcessCpuLoad() : -1;
			return new ProcessDescriptor(runtime.totalMemory() - runtime.freeMemory(), runtime.maxMemory(), cpu,
					runtime.availableProcessors());
		}

	}

	/**
	 * Report: totals, the recent statements' mean, top slow statements, top fingerprints and N+1 incidents.
	 *
	 * @param generatedAt when the report was made
	 * @param statistics totals
	 * @param recentQueries number of recent statements looked at
	 * @param recentAverageMs mean duration of those statements
	 * @param topSlowQueries slowest statements
	 * @param topFingerprints fingerprints with the most total time
	 * @param nPlusOne most recent N+1 incidents
	 */
	public record ReportDescriptor(Instant generatedAt, ProfilerStatistics statistics, int recentQueries,
			double recentAverageMs, List<QueryRecord> topSlowQueries, List<FingerprintStatistics> topFingerprints,
			List<NPlusOneIncident> nPlusOne) implements OperationResponseBody {

	}

	/**
	 * Slow statements, slowest first.
	 *
	 * @param queries the statements
	 */
	public record SlowQueriesDescriptor(List<QueryRecord> queries) implements OperationResponseBody {

	}

	/**
	 * Fingerprint statistics.
	 *
	 * @param sort the sort key used
	 * @param fingerprints the statistics
	 */
	public record FingerprintsDescriptor(String sort, List<FingerprintStatistics> fingerprints)
			implements OperationResponseBody {

	}

	/**
	 * Request profiles: routes with the most total wall time first, and the kept slow requests, slowest first.
	 *
	 * @param enabled whether new requests are profiled
	 * @param slowThresholdMs wall time at or above which a request is kept
	 * @param requests requests profiled
	 * @param failures failures of the profiles themselves (the requests were not affected)
	 * @param routes the routes
	 * @param kept the kept requests ({@code requests/{id}} for one with its details)
	 */
	public record RequestsDescriptor(boolean enabled, long slowThresholdMs, long requests, long failures,
			List<RouteStats.RouteDescriptor> routes, List<RequestProfiles.KeptSummary> kept)
			implements OperationResponseBody {

	}

	/**
	 * N+1 incidents.
	 *
	 * @param total incidents detected since start or reset
	 * @param incidents the most recent incidents, newest first
	 */
	public record NPlusOneDescriptor(long total, List<NPlusOneIncident> incidents) implements OperationResponseBody {

	}

}
