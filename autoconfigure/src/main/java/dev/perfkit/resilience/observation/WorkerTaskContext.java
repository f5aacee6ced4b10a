package dev.perfkit.resilience.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the observation of one task run by the priority worker pool, from its start on a worker.
 *
 * @since 0.1.0
 */
public class WorkerTaskContext extends Observation.Context {

	private final String taskId;

	private final int priority;

	/**
	 * Create a context.
	 * @param taskId the task's id
	 * @param priority the task's priority
	 */
	public WorkerTaskContext(String taskId, int priority) {
		this.taskId = taskId;
		this.priority = priority;
	}

	/** @return the task's id */
	public String getTaskId() {
		return this.taskId;
	}

	/** @return the task's priority */
	public int getPriority() {
		return this.priority;
	}

}
