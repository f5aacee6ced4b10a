package dev.perfkit.resilience.observation;

import java.util.concurrent.Callable;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes guarded calls and worker tasks. The callers check {@link #isActive()} first, so nothing is allocated while
 * the registry has no handler.
 *
 * @since 0.1.0
 */
public final class ResilienceObservations {

	private final ObservationRegistry registry;

	private final @Nullable GuardObservationConvention guardConvention;

	private final @Nullable WorkerTaskObservationConvention taskConvention;

	/**
	 * Create observations with the default conventions.
	 * @param registry the registry
	 */
	public ResilienceObservations(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Create observations.
	 * @param registry the registry
	 * @param guardConvention the convention for guarded calls, {@code null} for the default
	 * @param taskConvention the convention for worker tasks, {@code null} for the default
	 */
	public ResilienceObservations(ObservationRegistry registry, @Nullable GuardObservationConvention guardConvention,
			@Nullable WorkerTaskObservationConvention taskConvention) {
		this.registry = registry;
		this.guardConvention = guardConvention;
		this.taskConvention = taskConvention;
	}

	/**
	 * Whether a call would be observed now.
	 * @return {@code false} while the registry has no handler
	 */
	public boolean isActive() {
		return !this.registry.isNoop();
	}

	/**
	 * The observation current on this thread, to parent a task submitted from it.
	 * @return the observation, or {@code null}
	 */
	public @Nullable Observation current() {
		return this.registry.getCurrentObservation();
	}

	/**
	 * Runs a guarded call in an observation, current while it runs.
	 * @param <T> the result type
	 * @param guard the guard's name
	 * @param call the call through the guard
	 * @return its result
	 * @throws Exception as the call, or the guard's refusal
	 */
	public <T> T guard(String guard, Callable<T> call) throws Exception {
		GuardContext context = new GuardContext(guard);
		return Observation
			.createNotStarted(this.guardConvention, DefaultGuardObservationConvention.INSTANCE, () -> context,
					this.registry)
			.observeChecked(call::call);
	}

	/**
	 * Runs a worker task in an observation, current while it runs.
	 * @param <T> the result type
	 * @param taskId the task's id
	 * @param priority the task's priority
	 * @param parent the observation current where the task was submitted, or {@code null}
	 * @param task the task
	 * @return its result
	 * @throws Exception as the task
	 */
	public <T> T task(String taskId, int priority, @Nullable Observation parent, Callable<T> task) throws Exception {
		WorkerTaskContext context = new WorkerTaskContext(taskId, priority);
		return Observation
			.createNotStarted(this.taskConvention, DefaultWorkerTaskObservationConvention.INSTANCE, () -> context,
					this.registry)
			.parentObservation(parent)
			.observeChecked(task::call);
	}

}
