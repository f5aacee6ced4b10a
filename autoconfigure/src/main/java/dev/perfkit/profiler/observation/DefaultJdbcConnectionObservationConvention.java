package dev.perfkit.profiler.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link JdbcConnectionObservationConvention}: named {@code jdbc.connection} (contextual name
 * {@code connection}) with the DataSource under {@code name}, like datasource-micrometer. Unlike its observation,
 * which lasts until the connection is closed, this one covers the acquisition only.
 *
 * @since 0.1.0
 */
public class DefaultJdbcConnectionObservationConvention implements JdbcConnectionObservationConvention {

	/** Shared instance. */
	public static final DefaultJdbcConnectionObservationConvention INSTANCE = new DefaultJdbcConnectionObservationConvention();

	@Override
	public String getName() {
		return "jdbc.connection";
	}

	@Override
	public String getContextualName(JdbcConnectionContext context) {
		return "connection";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JdbcConnectionContext context) {
		return KeyValues.of(JdbcObservationDocumentation.LowCardinalityKeyNames.NAME.withValue(context.getDataSourceName()));
	}

}
