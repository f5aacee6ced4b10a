package dev.perfkit.profiler;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One executed statement as the profiler recorded it. Parameters and stack frames are present only when they were
 * captured (see {@link ProfilerSettings}); parameters named like a sensitive column are masked.
 *
 * @since 0.1.0
 */
public final class QueryRecord {

	private final long id;

	private final String dataSource;

	private final AnalyzedSql sql;

	private final QueryProfiler.Clock clock;

	private final long endNanos;

	private final long durationNanos;

	private final int batchSize;

	private final boolean success;

	private final @Nullable String error;

	private final String thread;

	private final boolean slow;

	// Written by the thread that ran the statement before (parameters, stack) or while (rows) the record is
	// published through the history ring's volatile slot; plain fields keep volatile fences off the hot path.
	long rows;

	@Nullable List<String> parameters;

	@Nullable List<String> stackTrace;

	@Nullable String traceId;

	volatile @Nullable String plan;

	volatile @Nullable String indexHint;

	volatile @Nullable Object @Nullable [] rawParameters;

	QueryRecord(long id, String dataSource, AnalyzedSql sql, QueryProfiler.Clock clock, long endNanos,
			long durationNanos, int batchSize,
			long rows, @Nullable String error, String thread, boolean slow) {
		this.id = id;
		this.dataSource = dataSource;
		this.sql = sql;
		this.clock = clock;
		this.endNanos = endNanos;
		this.durationNanos = durationNanos;
		this.batchSize = batchSize;
		this.rows = rows;
		this.success = error == null;
		this.error = error;
		this.thread = thread;
		this.slow = slow;
	}

	/** @return sequence number of the statement, unique in this profiler */
	public long getId() {
		return this.id;
	}

	/** @return name of the DataSource bean the statement ran on */
	public String getDataSource() {
		return this.dataSource;
	}

	/** @return SQL text, or its fingerprint when the text names a sensitive column */
	public String getSql() {
		return this.sql.getDisplaySql();
	}

	/** @return normalised SQL text */
	public String getFingerprint() {
		return this.sql.getFingerprint();
	}

	/** @return operation of the statement */
	public SqlOperation getOperation() {
		return this.sql.getOperation();
	}

	/** @return tables the statement touches, main table first */
	public List<String> getTables() {
		return this.sql.getTables();
	}

	/** @return when the statement completed */
	public Instant getTimestamp() {
		return Instant.ofEpochMilli(this.clock.toEpochMillis(this.endNanos));
	}

	/** @return duration in milliseconds */
	public double getDurationMs() {
		return FingerprintStats.millis(this.durationNanos);
	}

	/** @return duration in nanoseconds */
	public long getDurationNanos() {
		return this.durationNanos;
	}

	/** @return number of statements in the batch, 1 when not batched */
	public int getBatchSize() {
		return this.batchSize;
	}

	/** @return rows affected, or rows read from the result so far */
	public long getRows() {
		return this.rows;
	}

	/** @return {@code success} or {@code error} */
	public String getOutcome() {
		return this.success ? "success" : "error";
	}

	/** @return the exception class and message when the statement failed */
	public @Nullable String getError() {
		return this.error;
	}

	/** @return name of the thread that ran the statement */
	public String getThread() {
		return this.thread;
	}

	/** @return whether the statement took at least the slow-query threshold */
	public boolean isSlow() {
		return this.slow;
	}

	/** @return parameter values by position (masked where sensitive), or {@code null} when not captured */
	public @Nullable List<String> getParameters() {
		return this.parameters;
	}

	/** @return application stack frames, innermost first, or {@code null} when not captured */
	public @Nullable List<String> getStackTrace() {
		return this.stackTrace;
	}

	/** @return the trace this slow statement ran in, when a tracer is present */
	public @Nullable String getTraceId() {
		return this.traceId;
	}

	/** @return the query plan captured for this slow statement, if any */
	public @Nullable String getPlan() {
		return this.plan;
	}

	/** @return index hint when the captured plan shows a full scan, if any */
	public @Nullable String getIndexHint() {
		return this.indexHint;
	}

	/**
	 * Unmasked parameter values of a slow SELECT, kept only so that its plan can be captured; never shown by an
	 * endpoint or a log line.
	 * @return the values or {@code null}
	 */
	public @Nullable Object @Nullable [] rawParameterValues() {
		return this.rawParameters;
	}

	/**
	 * Analysis of the statement.
	 * @return the analysis
	 */
	public AnalyzedSql analyzedSql() {
		return this.sql;
	}

}
