package dev.perfkit.resilience.workers;

/**
 * Where a task of the worker pool stands.
 *
 * @since 0.1.0
 */
public enum TaskStatus {

	/** Waiting in the queue for a thread. */
	QUEUED,

	/** Running on a worker thread. */
	RUNNING,

	/** Finished with a result. */
	COMPLETED,

	/** Finished with an exception. */
	FAILED,

	/** Ran longer than its timeout and was interrupted. */
	TIMED_OUT,

	/** Waited in the queue longer than the queue timeout and was dropped without running. */
	EXPIRED,

	/** Cancelled by a caller, or by a batch that reached its overall timeout. */
	CANCELLED;

	/**
	 * Whether the task has finished, one way or another.
	 * @return whether the status is final
	 */
	public boolean isFinal() {
		return this != QUEUED && this != RUNNING;
	}

}
