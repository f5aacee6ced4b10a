package dev.perfkit.profiler.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for connection acquisitions; a bean of this type replaces
 * {@link DefaultJdbcConnectionObservationConvention}.
 *
 * @since 0.1.0
 */
public interface JdbcConnectionObservationConvention extends ObservationConvention<JdbcConnectionContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JdbcConnectionContext;
	}

}
