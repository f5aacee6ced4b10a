package dev.perfkit.resilience.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link WorkerTaskObservationConvention}: {@code perfkit.workers.task}, contextual name {@code worker task};
 * the task's id and priority are span tags only.
 *
 * @since 0.1.0
 */
public class DefaultWorkerTaskObservationConvention implements WorkerTaskObservationConvention {

	/** Shared instance. */
	public static final DefaultWorkerTaskObservationConvention INSTANCE = new DefaultWorkerTaskObservationConvention();

	@Override
	public String getName() {
		return "perfkit.workers.task";
	}

	@Override
	public String getContextualName(WorkerTaskContext context) {
		return "worker task";
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WorkerTaskContext context) {
		return KeyValues.of("task.id", context.getTaskId(), "task.priority", Integer.toString(context.getPriority()));
	}

}
