package dev.perfkit.profiler.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.ParameterSource;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.observation.JdbcObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Statement that times every execution on the caller's thread and records it when it completes.
 */
class ProfilingStatement extends DelegatingStatement {

	private static final int MAX_BATCHED_TEXTS = 10_000;

	final ProfilingConnection connection;

	final QueryProfiler profiler;

	final @Nullable String sql;

	private @Nullable AnalyzedSql analyzed;

	private @Nullable QueryRecord last;

	private @Nullable List<String> batch;

	ProfilingStatement(Statement delegate, ProfilingConnection connection, @Nullable String sql) {
		super(delegate);
		this.connection = connection;
		this.profiler = connection.profiler;
		this.sql = sql;
	}

	/** Analysis of the prepared SQL, resolved on first execution. */
	final AnalyzedSql prepared() {
		AnalyzedSql analyzed = this.analyzed;
		if (analyzed == null) {
			analyzed = this.profiler.analyze((this.sql != null) ? this.sql : "");
			this.analyzed = analyzed;
		}
		return analyzed;
	}

	@Nullable ParameterSource parameters() {
		return null;
	}

	/** Starts the observation of an execution, {@code null} when nothing observes it. */
	final @Nullable Observation observe(AnalyzedSql sql) {
		JdbcObservations observations = this.connection.dataSource.observations();
		return (observations != null) ? observations.start(this.connection.name(), sql) : null;
	}

	private @Nullable Observation observeBatch() {
		JdbcObservations observations = this.connection.dataSource.observations();
		return (observations != null && observations.isActive()) ? observations.start(this.connection.name(), batchSql())
				: null;
	}

	/** The statement a batch is observed as: the prepared one, else the first batched text. */
	AnalyzedSql batchSql() {
		List<String> batch = this.batch;
		return (batch != null && !batch.isEmpty()) ? this.profiler.analyze(batch.get(0)) : prepared();
	}

	final @Nullable QueryRecord record(AnalyzedSql sql, long start, int batchSize, long rows,
			@Nullable Throwable failure) {
		long end = System.nanoTime();
		QueryRecord record = this.profiler.record(this.connection.name(), sql, end, end - start, batchSize, rows,
				failure, parameters());
		this.last = record;
		return record;
	}

	final @Nullable QueryRecord recordDuration(AnalyzedSql sql, long nanos, int batchSize, long rows,
			@Nullable Throwable failure) {
		QueryRecord record = this.profiler.record(this.connection.name(), sql, System.nanoTime(), nanos, batchSize,
				rows, failure, parameters());
		this.last = record;
		return record;
	}

	final ResultSet wrap(ResultSet resultSet, @Nullable QueryRecord record) {
		return (record != null && resultSet != null) ? new ProfilingResultSet(resultSet, this, record) : resultSet;
	}

	final ResultSet query(AnalyzedSql sql, SqlCall<ResultSet> call) throws SQLException {
		Observation observation = observe(sql);
		long start = System.nanoTime();
		ResultSet resultSet;
		try {
			resultSet = call.call();
		}
		catch (SQLException | RuntimeException | Error ex) {
			record(sql, start, 1, 0, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		ResultSet wrapped = wrap(resultSet, record(sql, start, 1, 0, null));
		JdbcObservations.stop(observation, -1, null);
		return wrapped;
	}

	final long update(AnalyzedSql sql, SqlCall<Long> call) throws SQLException {
		Observation observation = observe(sql);
		long start = System.nanoTime();
		long rows;
		try {
			rows = call.call();
		}
		catch (SQLException | RuntimeException | Error ex) {
			record(sql, start, 1, 0, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		record(sql, start, 1, Math.max(rows, 0), null);
		JdbcObservations.stop(observation, rows, null);
		return rows;
	}

	final boolean execute(AnalyzedSql sql, SqlCall<Boolean> call) throws SQLException {
		Observation observation = observe(sql);
		long start = System.nanoTime();
		boolean result;
		try {
			result = call.call();
		}
		catch (SQLException | RuntimeException | Error ex) {
			record(sql, start, 1, 0, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		long nanos = System.nanoTime() - start;
		long rows = result ? -1 : Math.max(this.delegate.getUpdateCount(), 0);
		recordDuration(sql, nanos, 1, Math.max(rows, 0), null);
		JdbcObservations.stop(observation, rows, null);
		return result;
	}

	@FunctionalInterface
	interface SqlCall<T> {

		T call() throws SQLException;

	}

	@Override
	public ResultSet executeQuery(String sql) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeQuery(sql);
		}
		return query(this.profiler.analyze(sql), () -> this.delegate.executeQuery(sql));
	}

	@Override
	public int executeUpdate(String sql) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeUpdate(sql);
		}
		return (int) update(this.profiler.analyze(sql), () -> (long) this.delegate.executeUpdate(sql));
	}

	@Override
	public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeUpdate(sql, autoGeneratedKeys);
		}
		return (int) update(this.profiler.analyze(sql),
				() -> (long) this.delegate.executeUpdate(sql, autoGeneratedKeys));
	}

	@Override
	public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeUpdate(sql, columnIndexes);
		}
		return (int) update(this.profiler.analyze(sql), () -> (long) this.delegate.executeUpdate(sql, columnIndexes));
	}

	@Override
	public int executeUpdate(String sql, String[] columnNames) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeUpdate(sql, columnNames);
		}
		return (int) update(this.profiler.analyze(sql), () -> (long) this.delegate.executeUpdate(sql, columnNames));
	}

	@Override
	public long executeLargeUpdate(String sql) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeLargeUpdate(sql);
		}
		return update(this.profiler.analyze(sql), () -> this.delegate.executeLargeUpdate(sql));
	}

	@Override
	public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeLargeUpdate(sql, autoGeneratedKeys);
		}
		return update(this.profiler.analyze(sql), () -> this.delegate.executeLargeUpdate(sql, autoGeneratedKeys));
	}

	@Override
	public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeLargeUpdate(sql, columnIndexes);
		}
		return update(this.profiler.analyze(sql), () -> this.delegate.executeLargeUpdate(sql, columnIndexes));
	}

	@Override
	public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.executeLargeUpdate(sql, columnNames);
		}
		return update(this.profiler.analyze(sql), () -> this.delegate.executeLargeUpdate(sql, columnNames));
	}

	@Override
	public boolean execute(String sql) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.execute(sql);
		}
		return execute(this.profiler.analyze(sql), () -> this.delegate.execute(sql));
	}

	@Override
	public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.execute(sql, autoGeneratedKeys);
		}
		return execute(this.profiler.analyze(sql), () -> this.delegate.execute(sql, autoGeneratedKeys));
	}

	@Override
	public boolean execute(String sql, int[] columnIndexes) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.execute(sql, columnIndexes);
		}
		return execute(this.profiler.analyze(sql), () -> this.delegate.execute(sql, columnIndexes));
	}

	@Override
	public boolean execute(String sql, String[] columnNames) throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.delegate.execute(sql, columnNames);
		}
		return execute(this.profiler.analyze(sql), () -> this.delegate.execute(sql, columnNames));
	}

	@Override
	public ResultSet getResultSet() throws SQLException {
		ResultSet resultSet = this.delegate.getResultSet();
		QueryRecord record = this.last;
		return (resultSet != null && record != null) ? wrap(resultSet, record) : resultSet;
	}

	@Override
	public void addBatch(String sql) throws SQLException {
		this.delegate.addBatch(sql);
		List<String> batch = this.batch;
		if (batch == null) {
			batch = new ArrayList<>();
			this.batch = batch;
		}
		if (batch.size() < MAX_BATCHED_TEXTS) {
			batch.add(sql);
		}
	}

	@Override
	public void clearBatch() throws SQLException {
		this.delegate.clearBatch();
		clearBatchState();
	}

	void clearBatchState() {
		this.batch = null;
	}

	@Override
	public int[] executeBatch() throws SQLException {
		if (!this.profiler.isEnabled()) {
			clearBatchState();
			return this.delegate.executeBatch();
		}
		Observation observation = observeBatch();
		long start = System.nanoTime();
		int[] counts;
		try {
			counts = this.delegate.executeBatch();
		}
		catch (BatchUpdateException ex) {
			recordBatch(System.nanoTime() - start, toLong(ex.getUpdateCounts()), ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		catch (SQLException | RuntimeException | Error ex) {
			recordBatch(System.nanoTime() - start, null, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		recordBatch(System.nanoTime() - start, toLong(counts), null);
		JdbcObservations.stop(observation, (observation != null) ? sum(toLong(counts)) : -1, null);
		return counts;
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		if (!this.profiler.isEnabled()) {
			clearBatchState();
			return this.delegate.executeLargeBatch();
		}
		Observation observation = observeBatch();
		long start = System.nanoTime();
		long[] counts;
		try {
			counts = this.delegate.executeLargeBatch();
		}
		catch (BatchUpdateException ex) {
			recordBatch(System.nanoTime() - start, ex.getLargeUpdateCounts(), ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		catch (SQLException | RuntimeException | Error ex) {
			recordBatch(System.nanoTime() - start, null, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		recordBatch(System.nanoTime() - start, counts, null);
		JdbcObservations.stop(observation, sum(counts), null);
		return counts;
	}

	private static long @Nullable [] toLong(int @Nullable [] counts) {
		if (counts == null) {
			return null;
		}
		long[] result = new long[counts.length];
		for (int i = 0; i < counts.length; i++) {
			result[i] = counts[i];
		}
		return result;
	}

	/** Records a plain statement's batch: one record per distinct SQL text, its share of the time. */
	void recordBatch(long nanos, long @Nullable [] counts, @Nullable Throwable failure) {
		List<String> batch = this.batch;
		this.batch = null;
		if (batch == null || batch.isEmpty()) {
			return;
		}
		Map<String, long[]> byText = new LinkedHashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			long[] sizeAndRows = byText.computeIfAbsent(batch.get(i), (key) -> new long[2]);
			sizeAndRows[0]++;
			if (counts != null && i < counts.length && counts[i] > 0) {
				sizeAndRows[1] += counts[i];
			}
		}
		for (Map.Entry<String, long[]> entry : byText.entrySet()) {
			long size = entry.getValue()[0];
			recordDuration(this.profiler.analyze(entry.getKey()), nanos * size / batch.size(), (int) size,
					entry.getValue()[1], failure);
		}
	}

	static long sum(long @Nullable [] counts) {
		long rows = 0;
		if (counts != null) {
			for (long count : counts) {
				if (count > 0) {
					rows += count;
				}
			}
		}
		return rows;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.connection;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return (T) this;
		}
		if (iface.isInstance(this.delegate)) {
			return (T) this.delegate;
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || iface.isInstance(this.delegate) || this.delegate.isWrapperFor(iface);
	}

}
