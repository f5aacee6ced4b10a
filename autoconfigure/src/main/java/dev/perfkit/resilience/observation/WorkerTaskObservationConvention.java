package dev.perfkit.resilience.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for worker tasks; a bean of this type replaces
 * {@link DefaultWorkerTaskObservationConvention}.
 *
 * @since 0.1.0
 */
public interface WorkerTaskObservationConvention extends ObservationConvention<WorkerTaskContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WorkerTaskContext;
	}

}
