package dev.perfkit.profiler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records JDBC statements: per-statement records in a bounded history, per-fingerprint statistics bounded by
 * {@link ProfilerSettings#maxFingerprints()}, slow statements with their stack and parameters, and N+1 patterns
 * within a {@link #openScope(String) scope}. Recording is lock-free and happens on the caller's thread when the
 * statement completes; the profiler's own failures are caught and counted, never thrown to the caller.
 *
 * @since 0.1.0
 */
public final class QueryProfiler {

	/** Fingerprint of a statement the analyzer failed on. */
	static final String UNANALYSED = "(statement not analysed)";

	private static final Log logger = LogFactory.getLog(QueryProfiler.class);

	private static final int MAX_TABLES = 256;

	private static final String OTHER = "other";

	private static final int CALLER_SAMPLE = 1024;

	private static final int MAX_FRAMES = 24;

	private final ProfilerSettings settings;

	private final long slowNanos;

	private final List<QueryObserver> observers;

	private final SqlAnalyzer analyzer;

	private final ApplicationFrames frames;

	private volatile boolean enabled = true;

	private volatile @Nullable TraceIdSource traceIds;

	private final AtomicLong ids = new AtomicLong();

	private final AtomicReferenceArray<QueryRecord> history;

	private final AtomicReferenceArray<QueryRecord> slowHistory;

	private final AtomicLong slowSequence = new AtomicLong();

	private final AtomicReferenceArray<NPlusOneIncident> nPlusOne;

	private final AtomicLong nPlusOneSequence = new AtomicLong();

	private final ConcurrentHashMap<String, FingerprintStats> fingerprints = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, LongAdder> tables = new ConcurrentHashMap<>();

	private final LongAdder total = new LongAdder();

	private final LongAdder totalNanos = new LongAdder();

	private final AtomicLong maxNanos = new AtomicLong();

	private final LongAdder slow = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder[] byOperation = new LongAdder[SqlOperation.all().length];

	private final LongAdder evictions = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final LongAdder unexplained = new LongAdder();

	private final LongAdder nPlusOneCount = new LongAdder();

	private final ThreadLocal<Scope> scopes = new ThreadLocal<>();

	private final Clock clock = new Clock();

	/**
	 * Create a profiler.
	 * @param settings the settings
	 * @param observers observers told of every statement
	 */
	public QueryProfiler(ProfilerSettings settings, List<QueryObserver> observers) {
		this.settings = settings;
		this.slowNanos = settings.slowQueryThreshold().toNanos();
		this.observers = List.copyOf(observers);
		this.analyzer = new SqlAnalyzer(settings);
		this.frames = new ApplicationFrames(settings.applicationPackages());
		this.history = new AtomicReferenceArray<>(Math.max(1, settings.maxHistory()));
		this.slowHistory = new AtomicReferenceArray<>(Math.max(1, settings.maxHistory()));
		this.nPlusOne = new AtomicReferenceArray<>(Math.max(1, settings.maxHistory()));
		for (int i = 0; i < this.byOperation.length; i++) {
			this.byOperation[i] = new LongAdder();
		}
	}

	/**
	 * Create a profiler with default settings and no observers.
	 */
	public QueryProfiler() {
		this(ProfilerSettings.defaults(), List.of());
	}

	/** @return the settings */
	public ProfilerSettings getSettings() {
		return this.settings;
	}

	/** @return whether statements are recorded */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Switch recording on or off at run time.
	 * @param enabled whether to record
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Analyse a SQL text (cached per distinct text). Never throws.
	 * @param sql the SQL
	 * @return its analysis
	 */
	public AnalyzedSql analyze(String sql) {
		try {
			return this.analyzer.analyze(sql);
		}
		catch (RuntimeException | StackOverflowError ex) {
			failed(ex);
			// the text itself may hold secrets and was not understood: it is never shown
			return new AnalyzedSql(sql, UNANALYSED, SqlOperation.OTHER, List.of(), new String[0], true, List.of());
		}
	}

	/**
	 * Record one completed statement. Never throws.
	 * @param dataSource name of the DataSource
	 * @param sql the analysed statement
	 * @param durationNanos duration measured by the caller
	 * @param batchSize statements in the batch, 1 when not batched
	 * @param rows rows affected, 0 for queries (rows read are added with {@link #addRows})
	 * @param failure the exception the statement threw, if any
	 * @param parameters parameter values, if the statement has any
	 * @return the record, to which rows read can be added, or {@code null} if recording failed
	 */
	public @Nullable QueryRecord record(String dataSource, AnalyzedSql sql, long durationNanos, int batchSize,
			long rows, @Nullable Throwable failure, @Nullable ParameterSource parameters) {
		return record(dataSource, sql, System.nanoTime(), durationNanos, batchSize, rows, failure, parameters);
	}

	/**
	 * Record one completed statement whose end the caller has already read from {@link System#nanoTime()} (saves a
	 * clock read on the hot path). Never throws.
	 * @param dataSource name of the DataSource
	 * @param sql the analysed statement
	 * @param endNanos {@link System#nanoTime()} when the statement completed
	 * @param durationNanos duration measured by the caller
	 * @param batchSize statements in the batch, 1 when not batched
	 * @param rows rows affected, 0 for queries (rows read are added with {@link #addRows})
	 * @param failure the exception the statement threw, if any
	 * @param parameters parameter values, if the statement has any
	 * @return the record, to which rows read can be added, or {@code null} if recording failed
	 */
	public @Nullable QueryRecord record(String dataSource, AnalyzedSql sql, long endNanos, long durationNanos,
			int batchSize, long rows, @Nullable Throwable failure, @Nullable ParameterSource parameters) {
		try {
			return doRecord(dataSource, sql, endNanos, durationNanos, batchSize, rows, failure, parameters);
		}
		catch (RuntimeException | StackOverflowError ex) {
			failed(ex);
			return null;
		}
	}

	private QueryRecord doRecord(String dataSource, AnalyzedSql sql, long endNanos, long durationNanos, int batchSize,
			long rows, @Nullable Throwable failure, @Nullable ParameterSource parameters) {
		boolean isSlow = durationNanos >= this.slowNanos;
		long id = this.ids.incrementAndGet();
		String error = (failure != null) ? describe(failure) : null;
		QueryRecord record = new QueryRecord(id, dataSource, sql, this.clock, endNanos, durationNanos,
				batchSize, rows, error, Thread.currentThread().getName(), isSlow);
		FingerprintStats stats = stats(sql);
		stats.record(durationNanos, failure != null);
		if (rows > 0) {
			stats.rows.add(rows);
		}
		this.total.increment();
		this.totalNanos.add(durationNanos);
		this.byOperation[sql.getOperation().ordinal()].increment();
		LongAdder[] tableCounters = stats.tableCounters;
		for (int i = 0; i < tableCounters.length; i++) {
			tableCounters[i].increment();
		}
		long max = this.maxNanos.get();
		while (durationNanos > max && !this.maxNanos.compareAndSet(max, durationNanos)) {
			max = this.maxNanos.get();
		}
		if (failure != null) {
			this.errors.increment();
		}
		CaptureMode stackMode = this.settings.captureStackTrace();
		boolean captureStack = stackMode == CaptureMode.ALWAYS || (isSlow && stackMode == CaptureMode.SLOW);
		if (captureStack) {
			List<String> stack = stackTrace();
			record.stackTrace = stack;
			if (!stack.isEmpty()) {
				stats.caller(stack.get(0));
			}
		}
		else if (stats.callers.isEmpty() || ThreadLocalRandom.current().nextInt(CALLER_SAMPLE) == 0) {
			String caller = this.frames.caller();
			if (caller != null) {
				stats.caller(caller);
			}
		}
		CaptureMode parameterMode = this.settings.captureParameters();
		if (parameters != null && (parameterMode == CaptureMode.ALWAYS || (isSlow && parameterMode == CaptureMode.SLOW))) {
			record.parameters = parameters(sql, parameters);
		}
		if (isSlow && parameters != null && sql.getOperation() == SqlOperation.SELECT) {
			record.rawParameters = rawParameters(parameters);
		}
		this.history.set((int) (id % this.history.length()), record);
		if (isSlow) {
			record.traceId = traceId();
			slow(record, stats);
		}
		if (this.settings.nPlusOneEnabled() && sql.getOperation() == SqlOperation.SELECT) {
			Scope scope = this.scopes.get();
			if (scope != null) {
				scope.count(sql);
			}
		}
		for (int i = 0; i < this.observers.size(); i++) {
			this.observers.get(i).onQuery(record, sql);
		}
		return record;
	}

	/**
	 * Add rows read from a query's result.
	 * @param record the record returned by {@link #record}
	 * @param rows the rows read
	 */
	public void addRows(QueryRecord record, long rows) {
		if (rows <= 0) {
			return;
		}
		try {
			record.rows += rows;
			FingerprintStats stats = record.analyzedSql().stats;
			if (stats != null && !stats.evicted) {
				stats.rows.add(rows);
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/**
	 * Count a failure of the profiler itself.
	 * @param failure what went wrong
	 */
	public void failed(Throwable failure) {
		this.failures.increment();
		if (logger.isDebugEnabled()) {
			logger.debug("SQL profiler failure (the statement itself was not affected)", failure);
		}
	}

	/**
	 * Count a slow statement whose plan could not be captured (a temporary table, a value that cannot be bound
	 * again): a fact about the statement, not a failure of the profiler.
	 */
	public void unexplained() {
		this.unexplained.increment();
	}

	private FingerprintStats stats(AnalyzedSql sql) {
		FingerprintStats stats = sql.stats;
		if (stats != null && !stats.evicted) {
			return stats;
		}
		stats = this.fingerprints.get(sql.getFingerprint());
		if (stats == null) {
			if (this.fingerprints.size() >= this.settings.maxFingerprints()) {
				evictLeastUsed();
			}
			stats = this.fingerprints.computeIfAbsent(sql.getFingerprint(), (key) -> {
				FingerprintStats created = new FingerprintStats(key, sql.getOperation(), sql.getTables());
				created.tableCounters = tableCounters(sql.getTables());
				return created;
			});
		}
		sql.stats = stats;
		return stats;
	}

	private synchronized void evictLeastUsed() {
		int size = this.fingerprints.size();
		int max = this.settings.maxFingerprints();
		if (size < max) {
			return;
		}
		// As pg_stat_statements does: drop the 5% least used at once so eviction stays rare.
		int toEvict = Math.max(1, size - max + max / 20);
		List<FingerprintStats> candidates = new ArrayList<>(this.fingerprints.values());
		candidates.sort(Comparator.comparingLong((FingerprintStats stats) -> stats.calls.sum()));
		for (int i = 0; i < toEvict && i < candidates.size(); i++) {
			FingerprintStats victim = candidates.get(i);
			if (this.fingerprints.remove(victim.fingerprint, victim)) {
				victim.evicted = true;
				this.evictions.increment();
			}
		}
	}

	/** Counters of a fingerprint's tables, resolved once per fingerprint rather than per statement. */
	private LongAdder[] tableCounters(List<String> names) {
		LongAdder[] counters = new LongAdder[names.size()];
		for (int i = 0; i < names.size(); i++) {
			String table = names.get(i);
			LongAdder count = this.tables.get(table);
			if (count == null) {
				count = this.tables.computeIfAbsent((this.tables.size() < MAX_TABLES) ? table : OTHER,
						(key) -> new LongAdder());
			}
			counters[i] = count;
		}
		return counters;
	}

	private void slow(QueryRecord record, FingerprintStats stats) {
		this.slow.increment();
		stats.slow.increment();
		long sequence = this.slowSequence.incrementAndGet();
		this.slowHistory.set((int) (sequence % this.slowHistory.length()), record);
		if (logger.isWarnEnabled()) {
			List<String> stack = record.getStackTrace();
			List<String> parameters = record.getParameters();
			logger.warn(String.format(Locale.ROOT, "Slow query #%d: %.1f ms on '%s' (%s %s): %s%s%s", record.getId(),
					record.getDurationMs(), record.getDataSource(), record.getOperation(),
					String.join(",", record.getTables()), oneLine(record.getSql()),
					(parameters != null) ? " parameters " + parameters : "",
					(stack != null && !stack.isEmpty()) ? " at " + stack.get(0) : ""));
		}
	}

	private static @Nullable Object[] rawParameters(ParameterSource source) {
		int count = Math.min(source.parameterCount(), 1000);
		Object[] values = new Object[count];
		for (int i = 0; i < count; i++) {
			values[i] = source.parameter(i + 1);
		}
		return values;
	}

	/**
	 * The failure's type and, for a {@link java.sql.SQLException}, its SQL state and vendor code: drivers quote the
	 * statement and its values in their messages, which would leak literals and parameters.
	 */
	static String describe(Throwable failure) {
		if (failure instanceof java.sql.SQLException sql) {
			return failure.getClass().getSimpleName() + " (SQL state " + sql.getSQLState() + ", error code "
					+ sql.getErrorCode() + ")";
		}
		return failure.getClass().getSimpleName();
	}

	private static String oneLine(String sql) {
		String line = sql.replaceAll("\\s+", " ").trim();
		return (line.length() > 1000) ? line.substring(0, 1000) + "…" : line;
	}

	private List<String> parameters(AnalyzedSql sql, ParameterSource source) {
		int count = source.parameterCount();
		List<String> values = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			if (sql.isMasked(i, this.settings)) {
				values.add("*****");
			}
			else {
				String text = render(source.parameter(i));
				values.add((text.length() > 200) ? text.substring(0, 200) + "…" : text);
			}
		}
		return List.copyOf(values);
	}

	/** A parameter value as shown: arrays (Java or JDBC) by their elements, never by their identity. */
	static String render(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Object[] array) {
			return Arrays.deepToString(array);
		}
		if (value.getClass().isArray()) {
			int length = java.lang.reflect.Array.getLength(value);
			StringBuilder text = new StringBuilder("[");
			for (int i = 0; i < length && text.length() <= 200; i++) {
				text.append((i > 0) ? ", " : "").append(java.lang.reflect.Array.get(value, i));
			}
			return text.append(']').toString();
		}
		if (value instanceof java.sql.Array array) {
			String text = array.toString();
			if (text != null && !text.contains("@")) {
				return text;
			}
			try {
				return render(array.getArray());
			}
			catch (java.sql.SQLException | RuntimeException ex) {
				return "array";
			}
		}
		return String.valueOf(value);
	}

	private List<String> stackTrace() {
		return this.frames.stackTrace(MAX_FRAMES);
	}

	/**
	 * Open an N+1 detection scope on the current thread (an HTTP request or a transaction). Scopes do not nest: a
	 * scope opened while another is active is a no-op handle.
	 * @param name the request ({@code GET /api/orders}) or {@code transaction}
	 * @return the scope, to close when the request or transaction ends
	 */
	public Scope openScope(String name) {
		return openScope(() -> name);
	}

	/**
	 * Open an N+1 detection scope whose name is resolved only if an N+1 is detected (an HTTP request's route is
	 * known only once it has been mapped).
	 * @param name supplies the request ({@code GET /api/orders/{id}}) or {@code transaction}
	 * @return the scope, to close when the request or transaction ends
	 */
	public Scope openScope(Supplier<String> name) {
		if (!this.settings.nPlusOneEnabled() || this.scopes.get() != null) {
			return Scope.NONE;
		}
		Scope scope = new Scope(this, name);
		this.scopes.set(scope);
		return scope;
	}

	/**
	 * Whether an N+1 scope is open on the current thread.
	 * @return whether a scope is active
	 */
	public boolean hasScope() {
		return this.scopes.get() != null;
	}

	private void nPlusOne(Scope scope, AnalyzedSql sql, int executions) {
		String scopeName = scope.name();
		NPlusOneIncident incident = new NPlusOneIncident(scopeName, sql.getFingerprint(), sql.getTables(),
				executions, Instant.now(), stackTrace(), traceId());
		this.nPlusOneCount.increment();
		long sequence = this.nPlusOneSequence.incrementAndGet();
		int slot = (int) (sequence % this.nPlusOne.length());
		this.nPlusOne.set(slot, incident);
		scope.slots.put(sql.getFingerprint(), slot);
		scope.incidents.put(sql.getFingerprint(), incident);
		logger.warn(String.format(Locale.ROOT, "N+1 query pattern in %s: '%s' executed %d times%s", scopeName,
				sql.getFingerprint(), executions,
				incident.stackTrace().isEmpty() ? "" : " at " + incident.stackTrace().get(0)));
		for (QueryObserver observer : this.observers) {
			observer.onNPlusOne(incident);
		}
	}

	/**
	 * Tells the profiler the trace of the current thread, for slow statements and N+1 incidents.
	 * @param traceIds the source, {@code null} for none
	 */
	public void setTraceIdSource(@Nullable TraceIdSource traceIds) {
		this.traceIds = traceIds;
	}

	private @Nullable String traceId() {
		TraceIdSource traceIds = this.traceIds;
		if (traceIds == null) {
			return null;
		}
		try {
			return traceIds.currentTraceId();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void closeScope(Scope scope) {
		if (this.scopes.get() == scope) {
			this.scopes.remove();
		}
		for (Map.Entry<String, NPlusOneIncident> entry : scope.incidents.entrySet()) {
			NPlusOneIncident incident = entry.getValue();
			int[] count = scope.counts.get(entry.getKey());
			Integer slot = scope.slots.get(entry.getKey());
			if (count != null && slot != null && count[0] != incident.executions()) {
				this.nPlusOne.compareAndSet(slot, incident, new NPlusOneIncident(incident.scope(),
						incident.fingerprint(), incident.tables(), count[0], incident.detectedAt(),
						incident.stackTrace(), incident.traceId()));
			}
		}
	}

	// ---- read side ----

	/**
	 * Totals since start or the last reset.
	 * @return the statistics
	 */
	public ProfilerStatistics statistics() {
		long count = this.total.sum();
		long slowCount = this.slow.sum();
		Map<String, Long> operations = new LinkedHashMap<>();
		for (SqlOperation operation : SqlOperation.all()) {
			operations.put(operation.name(), this.byOperation[operation.ordinal()].sum());
		}
		Map<String, Long> byTable = new LinkedHashMap<>();
		this.tables.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue().sum()))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> byTable.put(entry.getKey(), entry.getValue()));
		double percentage = (count > 0) ? Math.round(slowCount * 10000.0 / count) / 100.0 : 0;
		double average = (count > 0) ? FingerprintStats.millis(this.totalNanos.sum() / count) : 0;
		return new ProfilerStatistics(this.enabled, count, slowCount, percentage, this.errors.sum(), average,
				FingerprintStats.millis(this.maxNanos.get()), operations, byTable, this.fingerprints.size(),
				this.evictions.sum(), this.nPlusOneCount.sum(), this.failures.sum(), this.unexplained.sum());
	}

	/**
	 * Most recent statements, newest first.
	 * @param limit the maximum number returned
	 * @return the statements
	 */
	public List<QueryRecord> history(int limit) {
		return newestFirst(this.history, this.ids.get(), limit);
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	/**
	 * Most recent slow statements at or above a threshold, slowest first.
	 * @param threshold the threshold, or {@code null} for the configured one
	 * @param limit the maximum number returned
	 * @return the slow statements
	 */
	public List<QueryRecord> slowQueries(@Nullable Duration threshold, int limit) {
		// a threshold beyond Long.MAX_VALUE nanoseconds (292 years, e.g. threshold=33333333333333) selects nothing
		long thresholdNanos = (threshold != null) ? saturatedNanos(threshold) : this.slowNanos;
		Stream<QueryRecord> candidates = newestFirst(this.slowHistory, this.slowSequence.get(), Integer.MAX_VALUE)
			.stream();
		if (thresholdNanos < this.slowNanos) {
			candidates = Stream.concat(candidates,
					newestFirst(this.history, this.ids.get(), Integer.MAX_VALUE).stream()).distinct();
		}
		return candidates.filter((record) -> record.getDurationNanos() >= thresholdNanos)
			.sorted(Comparator.comparingLong(QueryRecord::getDurationNanos).reversed())
			.limit(Math.max(0, limit))
			.toList();
	}

	/**
	 * One statement by id, if still in the history (or among slow statements).
	 * @param id the id
	 * @return the statement or {@code null}
	 */
	public @Nullable QueryRecord query(long id) {
		if (id <= 0) {
			return null;
		}
		QueryRecord record = this.history.get((int) (id % this.history.length()));
		if (record != null && record.getId() == id) {
			return record;
		}
		for (int i = 0; i < this.slowHistory.length(); i++) {
			record = this.slowHistory.get(i);
			if (record != null && record.getId() == id) {
				return record;
			}
		}
		return null;
	}

	/**
	 * Statistics per fingerprint.
	 * @param sort {@code total} (default), {@code mean}, {@code calls}, {@code max}, {@code p95}, {@code rows} or
	 * {@code errors}
	 * @param limit the maximum number returned
	 * @return the statistics, largest first
	 */
	public List<FingerprintStatistics> fingerprints(String sort, int limit) {
		Comparator<FingerprintStatistics> order = fingerprintOrder(sort);
		return this.fingerprints.values()
			.stream()
			.map(FingerprintStats::snapshot)
			.sorted(order.reversed())
			.limit(Math.max(0, limit))
			.toList();
	}

	/**
	 * Whether a fingerprint sort key is known.
	 * @param sort the key
	 * @return whether {@link #fingerprints(String, int)} accepts it
	 */
	public static boolean isFingerprintSort(String sort) {
		return switch (sort) {
			case "total", "mean", "calls", "max", "p95", "rows", "errors" -> true;
			default -> false;
		};
	}

	private static Comparator<FingerprintStatistics> fingerprintOrder(String sort) {
		return switch (sort) {
			case "mean" -> Comparator.comparingDouble(FingerprintStatistics::meanMs);
			case "calls" -> Comparator.comparingLong(FingerprintStatistics::calls);
			case "max" -> Comparator.comparingDouble(FingerprintStatistics::maxMs);
			case "p95" -> Comparator.comparingDouble(FingerprintStatistics::p95Ms);
			case "rows" -> Comparator.comparingLong(FingerprintStatistics::rows);
			case "errors" -> Comparator.comparingLong(FingerprintStatistics::errors);
			default -> Comparator.comparingDouble(FingerprintStatistics::totalMs);
		};
	}

	/**
	 * Statistics of one fingerprint.
	 * @param fingerprint the normalised SQL
	 * @return the statistics or {@code null}
	 */
	public @Nullable FingerprintStatistics fingerprint(String fingerprint) {
		FingerprintStats stats = this.fingerprints.get(fingerprint);
		return (stats != null) ? stats.snapshot() : null;
	}

	/**
	 * Attach a plan and, when it shows a full scan, an index hint to a slow statement and its fingerprint.
	 * @param record the slow statement
	 * @param plan the plan text
	 * @param indexHint the hint or {@code null}
	 */
	public void attachPlan(QueryRecord record, String plan, @Nullable String indexHint) {
		record.plan = plan;
		record.indexHint = indexHint;
		record.rawParameters = null;
		FingerprintStats stats = this.fingerprints.get(record.getFingerprint());
		if (stats != null && indexHint != null) {
			stats.indexHint = indexHint;
		}
	}

	/**
	 * N+1 incidents detected, newest first.
	 * @return the incidents
	 */
	public List<NPlusOneIncident> nPlusOneIncidents() {
		List<NPlusOneIncident> incidents = new ArrayList<>();
		long last = this.nPlusOneSequence.get();
		int length = this.nPlusOne.length();
		for (long sequence = last; sequence > 0 && sequence > last - length; sequence--) {
			NPlusOneIncident incident = this.nPlusOne.get((int) (sequence % length));
			if (incident != null) {
				incidents.add(incident);
			}
		}
		return incidents;
	}

	/**
	 * Forget every statement, fingerprint and incident recorded so far.
	 */
	public synchronized void reset() {
		for (FingerprintStats stats : this.fingerprints.values()) {
			stats.evicted = true;
		}
		this.fingerprints.clear();
		this.tables.clear();
		for (int i = 0; i < this.history.length(); i++) {
			this.history.set(i, null);
			this.slowHistory.set(i, null);
			this.nPlusOne.set(i, null);
		}
		this.total.reset();
		this.totalNanos.reset();
		this.maxNanos.set(0);
		this.slow.reset();
		this.errors.reset();
		for (LongAdder adder : this.byOperation) {
			adder.reset();
		}
		this.evictions.reset();
		this.nPlusOneCount.reset();
		this.failures.reset();
		this.unexplained.reset();
	}

	long parseFailures() {
		return this.analyzer.parseFailures();
	}

	private static List<QueryRecord> newestFirst(AtomicReferenceArray<QueryRecord> ring, long last, int limit) {
		List<QueryRecord> records = new ArrayList<>();
		int length = ring.length();
		for (long sequence = last; sequence > 0 && sequence > last - length && records.size() < limit; sequence--) {
			QueryRecord record = ring.get((int) (sequence % length));
			if (record != null) {
				records.add(record);
			}
		}
		return records;
	}

	/** Turns {@link System#nanoTime()} readings into wall-clock time, so the hot path reads one clock only. */
	static final class Clock {

		private final long epochMillis = System.currentTimeMillis();

		private final long nanos = System.nanoTime();

		long toEpochMillis(long nanoTime) {
			return this.epochMillis + (nanoTime - this.nanos) / 1_000_000;
		}

	}

	/**
	 * An N+1 detection scope: one HTTP request or transaction on one thread.
	 *
	 * @since 0.1.0
	 */
	public static final class Scope implements AutoCloseable {

		static final Scope NONE = new Scope(null, () -> "none");

		private final @Nullable QueryProfiler profiler;

		private final Supplier<String> nameSupplier;

		private @Nullable String name;

		private final Map<String, int[]> counts = new HashMap<>();

		private final Map<String, NPlusOneIncident> incidents = new HashMap<>();

		private final Map<String, Integer> slots = new HashMap<>();

		private Scope(@Nullable QueryProfiler profiler, Supplier<String> name) {
			this.profiler = profiler;
			this.nameSupplier = name;
		}

		String name() {
			String name = this.name;
			if (name == null) {
				name = this.nameSupplier.get();
				this.name = name;
			}
			return name;
		}

		void count(AnalyzedSql sql) {
			QueryProfiler owner = this.profiler;
			if (owner == null || this.counts.size() > 1000) {
				return;
			}
			int[] count = this.counts.computeIfAbsent(sql.getFingerprint(), (key) -> new int[1]);
			count[0]++;
			if (count[0] == owner.settings.nPlusOneThreshold()) {
				owner.nPlusOne(this, sql, count[0]);
			}
		}

		@Override
		public void close() {
			if (this.profiler != null) {
				this.profiler.closeScope(this);
			}
		}

	}

}
