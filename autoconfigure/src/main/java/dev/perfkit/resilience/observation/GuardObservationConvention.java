package dev.perfkit.resilience.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for guarded calls; a bean of this type replaces
 * {@link DefaultGuardObservationConvention}.
 *
 * @since 0.1.0
 */
public interface GuardObservationConvention extends ObservationConvention<GuardContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof GuardContext;
	}

}
