package dev.perfkit.resilience;

/**
 * Thrown when the worker pool cannot take a task: every thread is busy and the queue is full, or the pool is shut
 * down.
 *
 * @since 0.1.0
 */
public class WorkerPoolFullException extends PerfkitProtectionException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was refused and why
	 */
	public WorkerPoolFullException(String message) {
		super(message);
	}

}
