package dev.perfkit.resilience.actuate;

import java.time.Duration;
import java.util.List;

import dev.perfkit.resilience.workers.PriorityWorkerPool;
import dev.perfkit.resilience.workers.TaskInfo;
import dev.perfkit.resilience.workers.TaskStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/workers}: the worker pool's size, queue and counts, its active tasks and the most recently
 * finished ones; {@code /actuator/workers/{id}} for one task; {@code DELETE /actuator/workers/{id}} cancels it (a
 * write operation, off until granted).
 *
 * @since 0.1.0
 */
@Endpoint(id = "workers", defaultAccess = Access.READ_ONLY)
public class WorkersEndpoint {

	private static final int MAX_TASKS = 50;

	private final PriorityWorkerPool pool;

	/**
	 * Creates the endpoint.
	 * @param pool the worker pool
	 */
	public WorkersEndpoint(PriorityWorkerPool pool) {
		this.pool = pool;
	}

	/**
	 * Describes the pool.
	 * @return the description
	 */
	@ReadOperation
	public WorkersDescriptor workers() {
		PriorityWorkerPool.Settings settings = this.pool.getSettings();
		List<TaskInfo> active = this.pool.activeTasks();
		return new WorkersDescriptor(settings.coreSize(), settings.maxSize(), settings.queueCapacity(),
				settings.defaultTimeout(), settings.queueTimeout(), this.pool.getPoolSize(),
				this.pool.getActiveThreads(), this.pool.getQueued(), this.pool.count(TaskStatus.COMPLETED),
				this.pool.count(TaskStatus.FAILED), this.pool.count(TaskStatus.TIMED_OUT),
				this.pool.count(TaskStatus.EXPIRED), this.pool.count(TaskStatus.CANCELLED), this.pool.getRejected(),
				active.subList(0, Math.min(MAX_TASKS, active.size())), this.pool.finishedTasks(MAX_TASKS));
	}

	/**
	 * Describes one task.
	 * @param id the task id
	 * @return the task, or {@code null} (404) when unknown
	 */
	@ReadOperation
	public @Nullable TaskInfo task(@Selector String id) {
		return this.pool.status(id).orElse(null);
	}

	/**
	 * Cancels a task.
	 * @param id the task id
	 * @return the task after cancellation, or {@code null} (404) when unknown
	 */
	@DeleteOperation
	public @Nullable TaskInfo cancel(@Selector String id) {
		this.pool.cancel(id);
		return this.pool.status(id).orElse(null);
	}

	/**
	 * Description of the worker pool.
	 *
	 * @param coreSize threads kept running
	 * @param maxSize maximum threads
	 * @param queueCapacity maximum tasks waiting
	 * @param defaultTimeout default task timeout
	 * @param queueTimeout longest wait in the queue
	 * @param poolSize threads now
	 * @param activeThreads threads running tasks
	 * @param queued tasks waiting
	 * @param completed tasks completed
	 * @param failed tasks failed
	 * @param timedOut tasks timed out
	 * @param expired tasks expired in the queue
	 * @param cancelled tasks cancelled
	 * @param rejected tasks refused
	 * @param activeTasks tasks queued or running
	 * @param recentTasks tasks finished most recently
	 */
	public record WorkersDescriptor(int coreSize, int maxSize, int queueCapacity, Duration defaultTimeout,
			Duration queueTimeout, int poolSize, int activeThreads, int queued, long completed, long failed,
			long timedOut, long expired, long cancelled, long rejected, List<TaskInfo> activeTasks,
			List<TaskInfo> recentTasks) implements OperationResponseBody {

	}

}
