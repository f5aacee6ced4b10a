package dev.perfkit.profiler.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.perfkit.profiler.DurationHistogram;
import dev.perfkit.profiler.QueryRecord;

/**
 * Lock-free running totals of one route: requests, and for the wall time and each part a histogram, a total and a
 * maximum; statements by fingerprint (bounded); cache reads per layer; N+1 incidents.
 *
 * @since 0.1.0
 */
public final class RouteStats {

	static final int WALL = 0;

	static final int SQL = 1;

	static final int LOADS = 2;

	static final int GUARDED = 3;

	static final int OTHER = 4;

	static final String[] PARTS = { "wall", "sql", "loads", "guarded", "other" };

	private final String route;

	private final int maxStatements;

	private final LongAdder count = new LongAdder();

	private final DurationHistogram[] histograms = new DurationHistogram[PARTS.length];

	private final LongAdder[] totals = new LongAdder[PARTS.length];

	private final AtomicLong[] maxima = new AtomicLong[PARTS.length];

	private final LongAdder statements = new LongAdder();

	private final LongAdder rows = new LongAdder();

	private final LongAdder loads = new LongAdder();

	private final LongAdder guardedCalls = new LongAdder();

	private final LongAdder guardRejections = new LongAdder();

	private final LongAdder nPlusOne = new LongAdder();

	private final LongAdder[] gets = new LongAdder[RequestProfile.LAYERS.length];

	private final LongAdder[] hits = new LongAdder[RequestProfile.LAYERS.length];

	private final ConcurrentHashMap<String, StatementTotals> byFingerprint = new ConcurrentHashMap<>();

	private final LongAdder unlistedStatements = new LongAdder();

	RouteStats(String route, int maxStatements) {
		this.route = route;
		this.maxStatements = maxStatements;
		for (int i = 0; i < PARTS.length; i++) {
			this.histograms[i] = new DurationHistogram();
			this.totals[i] = new LongAdder();
			this.maxima[i] = new AtomicLong();
		}
		for (int i = 0; i < this.gets.length; i++) {
			this.gets[i] = new LongAdder();
			this.hits[i] = new LongAdder();
		}
	}

	void record(RequestProfile profile, long wall, long sql, long loadNanos, long guarded, long other) {
		this.count.increment();
		part(WALL, wall);
		part(SQL, sql);
		part(LOADS, loadNanos);
		part(GUARDED, guarded);
		part(OTHER, other);
		this.statements.add(profile.statements);
		this.rows.add(profile.rows());
		this.loads.add(profile.loads);
		this.guardedCalls.add(profile.guardedCalls);
		this.guardRejections.add(profile.guardRejections);
		this.nPlusOne.add(profile.nPlusOne);
		for (int i = 0; i < this.gets.length; i++) {
			if (profile.gets[i] != 0) {
				this.gets[i].add(profile.gets[i]);
				this.hits[i].add(profile.hits[i]);
			}
		}
		RequestProfile.Details details = profile.details;
		int listed = 0;
		if (details != null) {
			for (int i = 0; i < details.statementCount; i++) {
				QueryRecord record = details.statements[i];
				StatementTotals totals = this.byFingerprint.get(record.getFingerprint());
				if (totals == null && this.byFingerprint.size() < this.maxStatements) {
					totals = this.byFingerprint.computeIfAbsent(record.getFingerprint(),
							(key) -> new StatementTotals(key, record.getTables()));
				}
				if (totals != null) {
					totals.calls.increment();
					totals.nanos.add(record.getDurationNanos() + details.statementReadNanos[i]);
					listed++;
				}
			}
		}
		if (profile.statements > listed) {
			this.unlistedStatements.add(profile.statements - listed);
		}
	}

	private void part(int part, long nanos) {
		this.histograms[part].record(nanos);
		this.totals[part].add(nanos);
		AtomicLong max = this.maxima[part];
		long current = max.get();
		while (nanos > current && !max.compareAndSet(current, nanos)) {
			current = max.get();
		}
	}

	/** @return the route: {@code GET /api/orders/{id}}, a scope's name, or {@code other} */
	public String getRoute() {
		return this.route;
	}

	/** @return requests recorded */
	public long getCount() {
		return this.count.sum();
	}

	/** @return total wall time, in nanoseconds */
	public long getWallNanos() {
		return this.totals[WALL].sum();
	}

	/** @return total time in SQL, in nanoseconds */
	public long getSqlNanos() {
		return this.totals[SQL].sum();
	}

	/** @return total time in cache loads (SQL in them excluded), in nanoseconds */
	public long getLoadNanos() {
		return this.totals[LOADS].sum();
	}

	/** @return total time in guarded calls (SQL and loads in them excluded), in nanoseconds */
	public long getGuardedNanos() {
		return this.totals[GUARDED].sum();
	}

	/** @return total time outside SQL, loads and guarded calls, in nanoseconds */
	public long getOtherNanos() {
		return this.totals[OTHER].sum();
	}

	/** @return statements run */
	public long getStatements() {
		return this.statements.sum();
	}

	/** @return N+1 incidents detected in the route's requests */
	public long getNPlusOne() {
		return this.nPlusOne.sum();
	}

	RouteDescriptor describe(int topStatements) {
		long requests = getCount();
		Map<String, PartDescriptor> parts = new LinkedHashMap<>();
		long wallTotal = this.totals[WALL].sum();
		for (int i = 0; i < PARTS.length; i++) {
			long total = this.totals[i].sum();
			long max = this.maxima[i].get();
			DurationHistogram histogram = this.histograms[i];
			parts.put(PARTS[i], new PartDescriptor(ms(histogram.percentile(0.50, 0, max)),
					ms(histogram.percentile(0.95, 0, max)), ms(histogram.percentile(0.99, 0, max)), ms(max),
					(requests > 0) ? ms(total / requests) : 0, ms(total),
					(wallTotal > 0) ? Math.round(total * 1000.0 / wallTotal) / 1000.0 : 0));
		}
		Map<String, LayerDescriptor> cache = new LinkedHashMap<>();
		for (int i = 0; i < this.gets.length; i++) {
			long layerGets = this.gets[i].sum();
			if (layerGets > 0) {
				cache.put(RequestProfile.LAYERS[i], new LayerDescriptor(layerGets, this.hits[i].sum()));
			}
		}
		List<StatementTotals> top = new ArrayList<>(this.byFingerprint.values());
		top.sort(Comparator.comparingLong((StatementTotals totals) -> totals.nanos.sum()).reversed());
		List<StatementDescriptor> statements = top.stream()
			.limit(Math.max(0, topStatements))
			.map((totals) -> new StatementDescriptor(totals.fingerprint, totals.tables, totals.calls.sum(),
					ms(totals.nanos.sum()),
					(requests > 0) ? Math.round(totals.calls.sum() * 100.0 / requests) / 100.0 : 0))
			.toList();
		long statementCount = this.statements.sum();
		return new RouteDescriptor(this.route, requests, parts, statementCount,
				(requests > 0) ? Math.round(statementCount * 100.0 / requests) / 100.0 : 0, this.rows.sum(),
				this.loads.sum(), this.guardedCalls.sum(), this.guardRejections.sum(), this.nPlusOne.sum(), cache,
				statements, this.unlistedStatements.sum());
	}

	static double ms(long nanos) {
		return Math.round(nanos / 1000.0) / 1000.0;
	}

	/** Totals of one fingerprint within a route. */
	private static final class StatementTotals {

		final String fingerprint;

		final List<String> tables;

		final LongAdder calls = new LongAdder();

		final LongAdder nanos = new LongAdder();

		StatementTotals(String fingerprint, List<String> tables) {
			this.fingerprint = fingerprint;
			this.tables = tables;
		}

	}

	/**
	 * One route's requests.
	 *
	 * @param route the route
	 * @param count requests recorded
	 * @param parts wall time and each exclusive part ({@code sql}, {@code loads}, {@code guarded}, {@code other})
	 * per request
	 * @param statements statements run
	 * @param statementsPerRequest mean statements per request
	 * @param rows rows affected or read
	 * @param loads cache loads
	 * @param guardedCalls guarded calls
	 * @param guardRejections guarded calls refused by their guard
	 * @param nPlusOneIncidents N+1 incidents detected
	 * @param cache reads per cache layer
	 * @param topStatements statements with the most total time, by fingerprint
	 * @param unlistedStatements statements beyond the per-request or per-route bounds, counted but not listed
	 * @since 0.1.0
	 */
	public record RouteDescriptor(String route, long count, Map<String, PartDescriptor> parts, long statements,
			double statementsPerRequest, long rows, long loads, long guardedCalls, long guardRejections,
			long nPlusOneIncidents, Map<String, LayerDescriptor> cache, List<StatementDescriptor> topStatements,
			long unlistedStatements) {

	}

	/**
	 * Per-request distribution of one part (or of the wall time) within a route.
	 *
	 * @param p50Ms median
	 * @param p95Ms 95th percentile
	 * @param p99Ms 99th percentile
	 * @param maxMs maximum
	 * @param meanMs mean
	 * @param totalMs total
	 * @param share share of the route's wall time
	 * @since 0.1.0
	 */
	public record PartDescriptor(double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs,
			double totalMs, double share) {

	}

	/**
	 * Reads of one cache layer.
	 *
	 * @param gets reads that reached the layer
	 * @param hits reads the layer answered
	 * @since 0.1.0
	 */
	public record LayerDescriptor(long gets, long hits) {

	}

	/**
	 * One fingerprint's time within a route.
	 *
	 * @param fingerprint normalised SQL text
	 * @param tables tables it touches
	 * @param calls executions
	 * @param totalMs total time: executions and the reading of their rows
	 * @param perRequest mean executions per request of the route
	 * @since 0.1.0
	 */
	public record StatementDescriptor(String fingerprint, List<String> tables, long calls, double totalMs,
			double perRequest) {

	}

}
