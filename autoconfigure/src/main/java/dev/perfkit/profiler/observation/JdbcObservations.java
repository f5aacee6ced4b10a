package dev.perfkit.profiler.observation;

import java.sql.Connection;
import java.sql.SQLException;

import dev.perfkit.profiler.AnalyzedSql;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Starts the observations of the profiled DataSources' statements and connection acquisitions. Nothing is allocated
 * while the registry has no handler ({@link ObservationRegistry#isNoop()}).
 *
 * @since 0.1.0
 */
public final class JdbcObservations {

	private final ObservationRegistry registry;

	private final @Nullable JdbcQueryObservationConvention queryConvention;

	private final @Nullable JdbcConnectionObservationConvention connectionConvention;

	/**
	 * Create observations with the default conventions.
	 * @param registry the registry
	 */
	public JdbcObservations(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Create observations.
	 * @param registry the registry
	 * @param queryConvention the convention for statements, {@code null} for the default
	 * @param connectionConvention the convention for connections, {@code null} for the default
	 */
	public JdbcObservations(ObservationRegistry registry, @Nullable JdbcQueryObservationConvention queryConvention,
			@Nullable JdbcConnectionObservationConvention connectionConvention) {
		this.registry = registry;
		this.queryConvention = queryConvention;
		this.connectionConvention = connectionConvention;
	}

	/**
	 * Starts the observation of a statement.
	 * @param dataSource the name of the DataSource
	 * @param sql the statement
	 * @return the started observation, {@code null} when the registry has no handler
	 */
	public @Nullable Observation start(String dataSource, AnalyzedSql sql) {
		if (this.registry.isNoop()) {
			return null;
		}
		JdbcQueryContext context = new JdbcQueryContext(dataSource, sql);
		return Observation
			.createNotStarted(this.queryConvention, DefaultJdbcQueryObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
	}

	/**
	 * Stops the observation of a statement.
	 * @param observation the observation, or {@code null}
	 * @param affectedRows rows an update reported, -1 for a query
	 * @param failure what the statement threw, or {@code null}
	 */
	public static void stop(@Nullable Observation observation, long affectedRows, @Nullable Throwable failure) {
		if (observation == null) {
			return;
		}
		if (affectedRows >= 0 && observation.getContextView() instanceof JdbcQueryContext context) {
			context.setAffectedRows(affectedRows);
		}
		if (failure != null) {
			observation.error(failure);
		}
		observation.stop();
	}

	/**
	 * Whether a connection acquisition would be observed now.
	 * @return {@code false} while the registry has no handler
	 */
	public boolean isActive() {
		return !this.registry.isNoop();
	}

	/**
	 * Acquires a connection in an observation.
	 * @param dataSource the name of the DataSource
	 * @param acquisition how to acquire it
	 * @return the connection
	 * @throws SQLException as the acquisition
	 */
	public Connection connection(String dataSource, ConnectionAcquisition acquisition) throws SQLException {
		JdbcConnectionContext context = new JdbcConnectionContext(dataSource);
		Observation observation = Observation
			.createNotStarted(this.connectionConvention, DefaultJdbcConnectionObservationConvention.INSTANCE,
					() -> context, this.registry)
			.start();
		try {
			return acquisition.acquire();
		}
		catch (SQLException | RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** How a connection is acquired. */
	@FunctionalInterface
	public interface ConnectionAcquisition {

		/**
		 * Acquire the connection.
		 * @return the connection
		 * @throws SQLException as the DataSource
		 */
		Connection acquire() throws SQLException;

	}

}
