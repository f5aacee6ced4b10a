package dev.perfkit.profiler.jdbc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.ParameterSource;
import dev.perfkit.profiler.observation.JdbcObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Prepared statement that keeps the values of its positional parameters (when parameters may be captured) and
 * times every execution.
 */
class ProfilingPreparedStatement extends DelegatingPreparedStatement implements ParameterSource {

	private static final Object NULL = new Object();

	private final boolean captureParameters;

	private @Nullable Object @Nullable [] values;

	private int count;

	private int batchSize;

	ProfilingPreparedStatement(PreparedStatement prepared, ProfilingConnection connection, String sql) {
		super(prepared, connection, sql);
		this.captureParameters = connection.profiler.getSettings().captureParameters() != CaptureMode.NEVER;
	}

	@Override
	@Nullable ParameterSource parameters() {
		return (this.count > 0) ? this : null;
	}

	@Override
	public int parameterCount() {
		return this.count;
	}

	@Override
	public @Nullable Object parameter(int index) {
		Object[] values = this.values;
		if (values == null || index < 1 || index > values.length) {
			return null;
		}
		Object value = values[index - 1];
		return (value == NULL) ? null : value;
	}

	private void capture(int index, @Nullable Object value) {
		if (!this.captureParameters || index < 1 || index > 10_000) {
			return;
		}
		Object[] values = this.values;
		if (values == null) {
			values = new Object[Math.max(8, index)];
			this.values = values;
		}
		else if (index > values.length) {
			values = Arrays.copyOf(values, Math.max(index, values.length * 2));
			this.values = values;
		}
		values[index - 1] = (value != null) ? value : NULL;
		if (index > this.count) {
			this.count = index;
		}
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.prepared.executeQuery();
		}
		Observation observation = observe(prepared());
		long start = System.nanoTime();
		ResultSet resultSet;
		try {
			resultSet = this.prepared.executeQuery();
		}
		catch (SQLException | RuntimeException | Error ex) {
			record(prepared(), start, 1, 0, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		ResultSet wrapped = wrap(resultSet, record(prepared(), start, 1, 0, null));
		JdbcObservations.stop(observation, -1, null);
		return wrapped;
	}

	@Override
	public int executeUpdate() throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.prepared.executeUpdate();
		}
		Observation observation = observe(prepared());
		long start = System.nanoTime();
		int rows;
		try {
			rows = this.prepared.executeUpdate();
		}
		catch (SQLException | RuntimeException | Error ex) {
			record(prepared(), start, 1, 0, ex);
			JdbcObservations.stop(observation, -1, ex);
			throw ex;
		}
		record(prepared(), start, 1, Math.max(rows, 0), null);
		JdbcObservations.stop(observation, rows, null);
		return rows;
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.prepared.executeLargeUpdate();
		}
		return update(prepared(), this.prepared::executeLargeUpdate);
	}

	@Override
	public boolean execute() throws SQLException {
		if (!this.profiler.isEnabled()) {
			return this.prepared.execute();
		}
		return execute(prepared(), this.prepared::execute);
	}

	@Override
	public void addBatch() throws SQLException {
		this.prepared.addBatch();
		this.batchSize++;
	}

	@Override
	AnalyzedSql batchSql() {
		return (this.batchSize > 0) ? prepared() : super.batchSql();
	}

	@Override
	void clearBatchState() {
		super.clearBatchState();
		this.batchSize = 0;
	}

	@Override
	void recordBatch(long nanos, long @Nullable [] counts, @Nullable Throwable failure) {
		int size = this.batchSize;
		this.batchSize = 0;
		if (size > 0) {
			recordDuration(prepared(), nanos, size, sum(counts), failure);
		}
		else {
			super.recordBatch(nanos, counts, failure);
		}
	}

	@Override
	public void clearParameters() throws SQLException {
		this.prepared.clearParameters();
		if (this.values != null) {
			Arrays.fill(this.values, null);
		}
		this.count = 0;
	}

	@Override
	public void setNull(int index, int sqlType) throws SQLException {
		this.prepared.setNull(index, sqlType);
		capture(index, null);
	}

	@Override
	public void setNull(int index, int sqlType, String typeName) throws SQLException {
		this.prepared.setNull(index, sqlType, typeName);
		capture(index, null);
	}

	@Override
	public void setBoolean(int index, boolean value) throws SQLException {
		this.prepared.setBoolean(index, value);
		capture(index, value);
	}

	@Override
	public void setByte(int index, byte value) throws SQLException {
		this.prepared.setByte(index, value);
		capture(index, value);
	}

	@Override
	public void setShort(int index, short value) throws SQLException {
		this.prepared.setShort(index, value);
		capture(index, value);
	}

	@Override
	public void setInt(int index, int value) throws SQLException {
		this.prepared.setInt(index, value);
		capture(index, value);
	}

	@Override
	public void setLong(int index, long value) throws SQLException {
		this.prepared.setLong(index, value);
		capture(index, value);
	}

	@Override
	public void setFloat(int index, float value) throws SQLException {
		this.prepared.setFloat(index, value);
		capture(index, value);
	}

	@Override
	public void setDouble(int index, double value) throws SQLException {
		this.prepared.setDouble(index, value);
		capture(index, value);
	}

	@Override
	public void setBigDecimal(int index, BigDecimal value) throws SQLException {
		this.prepared.setBigDecimal(index, value);
		capture(index, value);
	}

	@Override
	public void setString(int index, String value) throws SQLException {
		this.prepared.setString(index, value);
		capture(index, value);
	}

	@Override
	public void setNString(int index, String value) throws SQLException {
		this.prepared.setNString(index, value);
		capture(index, value);
	}

	@Override
	public void setBytes(int index, byte[] value) throws SQLException {
		this.prepared.setBytes(index, value);
		capture(index, (value != null) ? "byte[" + value.length + "]" : null);
	}

	@Override
	public void setDate(int index, Date value) throws SQLException {
		this.prepared.setDate(index, value);
		capture(index, value);
	}

	@Override
	public void setDate(int index, Date value, Calendar calendar) throws SQLException {
		this.prepared.setDate(index, value, calendar);
		capture(index, value);
	}

	@Override
	public void setTime(int index, Time value) throws SQLException {
		this.prepared.setTime(index, value);
		capture(index, value);
	}

	@Override
	public void setTime(int index, Time value, Calendar calendar) throws SQLException {
		this.prepared.setTime(index, value, calendar);
		capture(index, value);
	}

	@Override
	public void setTimestamp(int index, Timestamp value) throws SQLException {
		this.prepared.setTimestamp(index, value);
		capture(index, value);
	}

	@Override
	public void setTimestamp(int index, Timestamp value, Calendar calendar) throws SQLException {
		this.prepared.setTimestamp(index, value, calendar);
		capture(index, value);
	}

	@Override
	public void setArray(int index, Array value) throws SQLException {
		this.prepared.setArray(index, value);
		capture(index, value);
	}

	@Override
	public void setObject(int index, Object value) throws SQLException {
		this.prepared.setObject(index, value);
		capture(index, value);
	}

	@Override
	public void setObject(int index, Object value, int targetSqlType) throws SQLException {
		this.prepared.setObject(index, value, targetSqlType);
		capture(index, value);
	}

	@Override
	public void setObject(int index, Object value, int targetSqlType, int scaleOrLength) throws SQLException {
		this.prepared.setObject(index, value, targetSqlType, scaleOrLength);
		capture(index, value);
	}

	@Override
	public void setObject(int index, Object value, SQLType targetSqlType) throws SQLException {
		this.prepared.setObject(index, value, targetSqlType);
		capture(index, value);
	}

	@Override
	public void setObject(int index, Object value, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.prepared.setObject(index, value, targetSqlType, scaleOrLength);
		capture(index, value);
	}

}
