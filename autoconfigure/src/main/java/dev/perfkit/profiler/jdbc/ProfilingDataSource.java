package dev.perfkit.profiler.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.observation.JdbcObservations;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} whose connections record every statement in a {@link QueryProfiler}. {@code unwrap} and
 * {@code isWrapperFor} see through it, so {@code unwrap(HikariDataSource.class)} and pool metrics keep working; a
 * connection that is already profiled (a DataSource delegating to another profiled one) is not wrapped twice.
 *
 * @since 0.1.0
 */
public final class ProfilingDataSource implements DataSource {

	private final DataSource delegate;

	private final String name;

	private final QueryProfiler profiler;

	private final @Nullable JdbcObservations observations;

	/**
	 * Wrap a DataSource.
	 * @param delegate the DataSource to profile
	 * @param name the name statements are recorded under (the bean name)
	 * @param profiler the profiler
	 */
	public ProfilingDataSource(DataSource delegate, String name, QueryProfiler profiler) {
		this(delegate, name, profiler, null);
	}

	/**
	 * Wrap a DataSource whose statements and connection acquisitions are also observed.
	 * @param delegate the DataSource to profile
	 * @param name the name statements are recorded under (the bean name)
	 * @param profiler the profiler
	 * @param observations the observations, {@code null} for none
	 */
	public ProfilingDataSource(DataSource delegate, String name, QueryProfiler profiler,
			@Nullable JdbcObservations observations) {
		this.delegate = delegate;
		this.name = name;
		this.profiler = profiler;
		this.observations = observations;
	}

	/** @return the wrapped DataSource */
	public DataSource getDelegate() {
		return this.delegate;
	}

	/** @return the name statements are recorded under */
	public String getName() {
		return this.name;
	}

	QueryProfiler profiler() {
		return this.profiler;
	}

	@Nullable JdbcObservations observations() {
		return this.observations;
	}

	@Override
	public Connection getConnection() throws SQLException {
		JdbcObservations observations = this.observations;
		if (observations != null && observations.isActive()) {
			return wrap(observations.connection(this.name, this.delegate::getConnection));
		}
		return wrap(this.delegate.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		JdbcObservations observations = this.observations;
		if (observations != null && observations.isActive()) {
			return wrap(observations.connection(this.name, () -> this.delegate.getConnection(username, password)));
		}
		return wrap(this.delegate.getConnection(username, password));
	}

	private Connection wrap(Connection connection) throws SQLException {
		if (connection instanceof ProfilingConnection || connection.isWrapperFor(ProfilingConnection.class)) {
			return connection;
		}
		return new ProfilingConnection(connection, this);
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
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

	@Override
	public String toString() {
		return "ProfilingDataSource[" + this.name + " -> " + this.delegate + "]";
	}

}
