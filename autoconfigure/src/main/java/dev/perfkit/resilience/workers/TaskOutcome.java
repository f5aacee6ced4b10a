package dev.perfkit.resilience.workers;

import org.jspecify.annotations.Nullable;

/**
 * How one task of a batch ended.
 *
 * @param <T> the result type
 * @param id the task id
 * @param status its final status
 * @param value its result, when it completed
 * @param error its failure, when it did not complete
 * @since 0.1.0
 */
public record TaskOutcome<T>(String id, TaskStatus status, @Nullable T value, @Nullable Throwable error) {

}
