package dev.perfkit.profiler.observation;

import java.util.Locale;

import io.micrometer.common.KeyValues;

/**
 * Default {@link JdbcQueryObservationConvention}: named {@code jdbc.query} (contextual name {@code query}) with the
 * DataSource under {@code name}, like datasource-micrometer, so existing trace views keep working. The SQL is the
 * profiler's display text: the statement as sent when it holds no literal, else its fingerprint.
 *
 * @since 0.1.0
 */
public class DefaultJdbcQueryObservationConvention implements JdbcQueryObservationConvention {

	/** Shared instance. */
	public static final DefaultJdbcQueryObservationConvention INSTANCE = new DefaultJdbcQueryObservationConvention();

	@Override
	public String getName() {
		return "jdbc.query";
	}

	@Override
	public String getContextualName(JdbcQueryContext context) {
		return "query";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JdbcQueryContext context) {
		return KeyValues.of(JdbcObservationDocumentation.LowCardinalityKeyNames.NAME.withValue(context.getDataSourceName()),
				JdbcObservationDocumentation.LowCardinalityKeyNames.OPERATION
					.withValue(context.getSql().getOperation().name().toLowerCase(Locale.ROOT)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JdbcQueryContext context) {
		KeyValues values = KeyValues
			.of(JdbcObservationDocumentation.QueryHighCardinalityKeyNames.QUERY.withValue(context.getSql().getDisplaySql()));
		if (context.getAffectedRows() >= 0) {
			values = values.and(JdbcObservationDocumentation.QueryHighCardinalityKeyNames.ROW_AFFECTED
				.withValue(Long.toString(context.getAffectedRows())));
		}
		return values;
	}

}
