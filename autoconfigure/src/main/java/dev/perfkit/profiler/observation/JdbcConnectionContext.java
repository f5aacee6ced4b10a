package dev.perfkit.profiler.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the observation of one connection acquisition from a DataSource.
 *
 * @since 0.1.0
 */
public class JdbcConnectionContext extends Observation.Context {

	private final String dataSourceName;

	/**
	 * Create a context.
	 * @param dataSourceName the name of the DataSource (its bean name)
	 */
	public JdbcConnectionContext(String dataSourceName) {
		this.dataSourceName = dataSourceName;
	}

	/** @return the name of the DataSource (its bean name) */
	public String getDataSourceName() {
		return this.dataSourceName;
	}

}
