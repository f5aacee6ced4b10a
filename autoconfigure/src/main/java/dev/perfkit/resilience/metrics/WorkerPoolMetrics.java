package dev.perfkit.resilience.metrics;

import java.util.Locale;

import dev.perfkit.resilience.workers.PriorityWorkerPool;
import dev.perfkit.resilience.workers.TaskStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the worker pool's meters: {@code perfkit.workers.threads}, {@code perfkit.workers.active},
 * {@code perfkit.workers.queued} (gauges), {@code perfkit.workers.tasks{status}} and
 * {@code perfkit.workers.rejected}.
 *
 * @since 0.1.0
 */
public class WorkerPoolMetrics implements MeterBinder {

	private final PriorityWorkerPool pool;

	/**
	 * Creates the binder.
	 * @param pool the worker pool
	 */
	public WorkerPoolMetrics(PriorityWorkerPool pool) {
		this.pool = pool;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("perfkit.workers.threads", this.pool, PriorityWorkerPool::getPoolSize)
			.description("Threads of the worker pool")
			.register(registry);
		Gauge.builder("perfkit.workers.active", this.pool, PriorityWorkerPool::getActiveThreads)
			.description("Threads of the worker pool running tasks")
			.register(registry);
		Gauge.builder("perfkit.workers.queued", this.pool, PriorityWorkerPool::getQueued)
			.description("Tasks waiting in the worker pool's queue")
			.register(registry);
		for (TaskStatus status : TaskStatus.values()) {
			if (status.isFinal()) {
				FunctionCounter.builder("perfkit.workers.tasks", this.pool, (pool) -> pool.count(status))
					.description("Tasks of the worker pool by how they ended")
					.tag("status", status.name().toLowerCase(Locale.ROOT).replace('_', '-'))
					.register(registry);
			}
		}
		FunctionCounter.builder("perfkit.workers.rejected", this.pool, PriorityWorkerPool::getRejected)
			.description("Tasks the worker pool refused because it was full or shut down")
			.register(registry);
	}

}
