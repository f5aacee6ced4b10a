package dev.perfkit.profiler.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for JDBC statements; a bean of this type replaces
 * {@link DefaultJdbcQueryObservationConvention}.
 *
 * @since 0.1.0
 */
public interface JdbcQueryObservationConvention extends ObservationConvention<JdbcQueryContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JdbcQueryContext;
	}

}
