package dev.perfkit.profiler.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.request.RequestProfile;
import org.jspecify.annotations.Nullable;

/**
 * Result set that counts the rows the application reads and adds them to the query's record when the result is
 * exhausted or closed. Inside a request profile it also times {@link #next()}, where drivers fetch or step to the
 * next row (SQLite runs its query there), and tells the profile when the result is exhausted or closed, so that
 * reading rows counts as SQL time; outside one, no clock is read per row.
 */
final class ProfilingResultSet extends DelegatingResultSet {

	private final ProfilingStatement statement;

	private final QueryRecord record;

	private final @Nullable RequestProfile profile;

	private long rows;

	private long readNanos;

	private boolean finished;

	ProfilingResultSet(ResultSet delegate, ProfilingStatement statement, QueryRecord record) {
		super(delegate);
		this.statement = statement;
		this.record = record;
		this.profile = RequestProfile.current();
	}

	@Override
	public boolean next() throws SQLException {
		boolean next;
		if (this.profile == null) {
			next = this.delegate.next();
		}
		else {
			long start = System.nanoTime();
			try {
				next = this.delegate.next();
			}
			finally {
				this.readNanos += System.nanoTime() - start;
			}
		}
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
			RequestProfile profile = this.profile;
			if (profile != null) {
				profile.rowsRead(this.record, this.readNanos);
			}
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
