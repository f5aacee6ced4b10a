package dev.perfkit.profiler.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.perfkit.profiler.QueryRecord;

/**
 * Result set that counts the rows the application reads and adds them to the query's record when the result is
 * exhausted or closed.
 */
final class ProfilingResultSet extends DelegatingResultSet {

	private final ProfilingStatement statement;

	private final QueryRecord record;

	private long rows;

	private boolean finished;

	ProfilingResultSet(ResultSet delegate, ProfilingStatement statement, QueryRecord record) {
		super(delegate);
		this.statement = statement;
		this.record = record;
	}

	@Override
	public boolean next() throws SQLException {
		boolean next = this.delegate.next();
		if (next) {
			this.rows++;
		}
		else {
			finish();
		}
		return next;
	}

	@Override
	public void close() throws SQLException {
		try {
			this.delegate.close();
		}
		finally {
			finish();
		}
	}

	private void finish() {
		if (!this.finished) {
			this.finished = true;
			this.statement.profiler.addRows(this.record, this.rows);
		}
	}

	@Override
	public Statement getStatement() throws SQLException {
		return this.statement;
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
