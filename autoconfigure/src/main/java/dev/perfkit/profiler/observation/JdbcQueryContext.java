package dev.perfkit.profiler.observation;

import dev.perfkit.profiler.AnalyzedSql;
import io.micrometer.observation.Observation;

/**
 * Context of the observation of one JDBC statement execution (or batch).
 *
 * @since 0.1.0
 */
public class JdbcQueryContext extends Observation.Context {

	private final String dataSourceName;

	private final AnalyzedSql sql;

	private long affectedRows = -1;

	/**
	 * Create a context.
	 * @param dataSourceName the name of the DataSource (its bean name)
	 * @param sql the statement
	 */
	public JdbcQueryContext(String dataSourceName, AnalyzedSql sql) {
		this.dataSourceName = dataSourceName;
		this.sql = sql;
	}

	/** @return the name of the DataSource (its bean name) */
	public String getDataSourceName() {
		return this.dataSourceName;
	}

	/** @return the statement */
	public AnalyzedSql getSql() {
		return this.sql;
	}

	/** @return the rows an update reported, -1 for a query or when unknown */
	public long getAffectedRows() {
		return this.affectedRows;
	}

	/**
	 * Set the rows an update reported.
	 * @param affectedRows the rows
	 */
	public void setAffectedRows(long affectedRows) {
		this.affectedRows = affectedRows;
	}

}
