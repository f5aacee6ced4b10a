package dev.perfkit.resilience.guard;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.throttle.ClientSideThrottle;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The configured {@link Guard guards}, by name, built once from their specs on Resilience4j's registries, so every
 * circuit breaker, bulkhead, retry and time limiter a guard uses is visible in Resilience4j's own Actuator endpoints
 * and meters. Calls of guards with a timeout run on a pool of daemon threads owned by the registry.
 *
 * @since 0.1.0
 */
public class GuardRegistry implements DisposableBean {

	private final Map<String, Guard> guards = new LinkedHashMap<>();

	private final @Nullable ExecutorService timeoutExecutor;

	/**
	 * Builds the guards.
	 * @param specs guard specs by name
	 * @param rateLimiter the per-client limiter, or {@code null} when rate limiting is off
	 * @param throttle the global throttle, or {@code null} when throttling is off
	 * @param circuitBreakers the circuit breaker registry
	 * @param bulkheads the bulkhead registry
	 * @param retries the retry registry
	 * @param timeLimiters the time limiter registry
	 */
	public GuardRegistry(Map<String, GuardSpec> specs, @Nullable ClientRateLimiter rateLimiter,
			@Nullable Throttle throttle, CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
			RetryRegistry retries, TimeLimiterRegistry timeLimiters) {
		boolean anyTimeout = specs.values().stream().anyMatch((spec) -> spec.timeout() != null);
		this.timeoutExecutor = anyTimeout ? timeoutExecutor() : null;
		specs.forEach((name, spec) -> {
			Assert.isTrue(!spec.rateLimit() || rateLimiter != null,
					() -> "Guard '" + name + "' uses the per-client rate limit, but rate limiting is disabled");
			Assert.isTrue(!spec.throttle() || throttle != null,
					() -> "Guard '" + name + "' uses the throttle, but throttling is disabled");
			Duration timeout = spec.timeout();
			this.guards.put(name, new Guard(name, spec.rateLimit() ? rateLimiter : null,
					spec.throttle() ? throttle : null,
					(spec.clientSideThrottleK() > 0)
							? new ClientSideThrottle(spec.clientSideThrottleK(), spec.clientSideThrottleWindow()) : null,
					StringUtils.hasText(spec.bulkhead()) ? bulkheads.bulkhead(spec.bulkhead()) : null,
					StringUtils.hasText(spec.circuitBreaker()) ? circuitBreakers.circuitBreaker(spec.circuitBreaker())
							: null,
					StringUtils.hasText(spec.retry()) ? retries.retry(spec.retry()) : null,
					(timeout != null) ? timeLimiters.timeLimiter("perfkit-guard-" + name,
							TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build())
							: null,
					(timeout != null) ? this.timeoutExecutor : null));
		});
	}

	private static ExecutorService timeoutExecutor() {
		AtomicInteger count = new AtomicInteger();
		return new ThreadPoolExecutor(0, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread thread = new Thread(task, "perfkit-guard-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Returns a guard.
	 * @param name the guard's name
	 * @return the guard
	 * @throws IllegalArgumentException if no guard has that name
	 */
	public Guard guard(String name) {
		Guard guard = this.guards.get(name);
		Assert.isTrue(guard != null, () -> "No guard named '" + name + "'; configure perfkit.resilience.guards."
				+ name + ".*");
		return guard;
	}

	/**
	 * Returns every guard.
	 * @return the guards, in configuration order
	 */
	public Collection<Guard> getGuards() {
		return this.guards.values();
	}

	@Override
	public void destroy() {
		if (this.timeoutExecutor != null) {
			this.timeoutExecutor.shutdownNow();
		}
	}

}
