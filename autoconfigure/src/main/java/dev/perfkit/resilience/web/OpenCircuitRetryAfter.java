package dev.perfkit.resilience.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * How long a circuit breaker of a registry stays open: the time left until it lets calls through again, from the
 * moment it opened and its wait in the open state, for the {@code Retry-After} of a {@code 503} it caused.
 *
 * @since 0.1.0
 */
public final class OpenCircuitRetryAfter {

	private static final Duration UNKNOWN = Duration.ofSeconds(1);

	private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final Map<String, Long> openedAt = new ConcurrentHashMap<>();

	/**
	 * Watches every breaker of the registry, present and future.
	 * @param registry the circuit breaker registry
	 */
	public void watch(CircuitBreakerRegistry registry) {
		registry.getEventPublisher().onEntryAdded((event) -> watch(event.getAddedEntry()));
		registry.getAllCircuitBreakers().forEach(this::watch);
	}

	/**
	 * Watches one breaker.
	 * @param breaker the circuit breaker
	 */
	public void watch(CircuitBreaker breaker) {
		if (this.breakers.putIfAbsent(breaker.getName(), breaker) != null) {
			return;
		}
		breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openedAt.put(breaker.getName(), System.nanoTime());
			}
		});
		if (breaker.getState() == CircuitBreaker.State.OPEN) {
			this.openedAt.putIfAbsent(breaker.getName(), System.nanoTime());
		}
	}

	/**
	 * Time left until the named breaker lets calls through again: its remaining open time, or one second when it is
	 * not open by its own decision (half open with every trial call taken, forced open, unknown).
	 * @param name the breaker's name
	 * @return the time left, at least one second
	 */
	public Duration retryAfter(String name) {
		CircuitBreaker breaker = this.breakers.get(name);
		Long opened = this.openedAt.get(name);
		if (breaker == null || opened == null || breaker.getState() != CircuitBreaker.State.OPEN) {
			return UNKNOWN;
		}
		long waitMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		long leftNanos = opened + Duration.ofMillis(waitMillis).toNanos() - System.nanoTime();
		return (leftNanos > UNKNOWN.toNanos()) ? Duration.ofNanos(leftNanos) : UNKNOWN;
	}

}
