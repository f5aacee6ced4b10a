package dev.perfkit.resilience.workers;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What is known about one task of the worker pool.
 *
 * @param id the task id
 * @param priority its priority (higher runs first)
 * @param status where it stands
 * @param submitted when it was submitted
 * @param queueWait how long it waited in the queue ({@code null} while it still waits)
 * @param runTime how long it ran ({@code null} unless it finished after running)
 * @param error the failure message, for a task that did not complete
 * @since 0.1.0
 */
public record TaskInfo(String id, int priority, TaskStatus status, Instant submitted, @Nullable Duration queueWait,
		@Nullable Duration runTime, @Nullable String error) {

}
