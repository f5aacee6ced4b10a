package dev.perfkit.resilience.workers;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted task: its id and the future of its result. The future completes with the task's result, or
 * exceptionally with its exception, a {@link java.util.concurrent.TimeoutException} (timed out or expired in the
 * queue) or a {@link java.util.concurrent.CancellationException}.
 *
 * @param <T> the result type
 * @param id the task id
 * @param result the future of the result
 * @since 0.1.0
 */
public record TaskHandle<T>(String id, CompletableFuture<T> result) {

}
