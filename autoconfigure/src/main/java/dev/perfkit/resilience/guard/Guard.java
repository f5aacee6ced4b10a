package dev.perfkit.resilience.guard;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import dev.perfkit.profiler.request.RequestProfile;
import dev.perfkit.resilience.ClientThrottledException;
import dev.perfkit.resilience.WorkerPoolFullException;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitDecision;
import dev.perfkit.resilience.throttle.ClientSideThrottle;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import dev.perfkit.resilience.observation.ResilienceObservations;
import org.jspecify.annotations.Nullable;

/**
 * A named set of protections around calls, applied in one fixed order, outermost first:
 * <ol>
 * <li>per-client rate limit: {@link dev.perfkit.resilience.RateLimitExceededException}</li>
 * <li>global throttle: {@link dev.perfkit.resilience.ThrottledException}</li>
 * <li>client-side throttling of the downstream (Google SRE adaptive throttling):
 * {@link dev.perfkit.resilience.ClientThrottledException}</li>
 * <li>bulkhead (Resilience4j): {@code BulkheadFullException}</li>
 * <li>circuit breaker (Resilience4j): {@code CallNotPermittedException} while open</li>
 * <li>retry (Resilience4j)</li>
 * <li>timeout (Resilience4j time limiter; the call runs on one of at most 256 guard threads, shared by all guards:
 * when every one is held by a call that ignored its interrupt, {@link WorkerPoolFullException})</li>
 * </ol>
 * Everything that sheds load sits outside the retry and the circuit breaker: a refused call is neither retried nor
 * counted as a breaker failure, and the breaker sees one outcome per guarded call, after its retries. Any step a
 * guard does not configure is skipped at no cost.
 *
 * @since 0.1.0
 */
public final class Guard {

	private final String name;

	private final @Nullable ClientRateLimiter rateLimiter;

	private final @Nullable Throttle throttle;

	private final @Nullable ClientSideThrottle clientSideThrottle;

	private final @Nullable Bulkhead bulkhead;

	private final @Nullable CircuitBreaker circuitBreaker;

	private final @Nullable Retry retry;

	private final @Nullable TimeLimiter timeLimiter;

	private final @Nullable ExecutorService timeoutExecutor;

	private volatile @Nullable ResilienceObservations observations;

	Guard(String name, @Nullable ClientRateLimiter rateLimiter, @Nullable Throttle throttle,
			@Nullable ClientSideThrottle clientSideThrottle, @Nullable Bulkhead bulkhead,
			@Nullable CircuitBreaker circuitBreaker, @Nullable Retry retry, @Nullable TimeLimiter timeLimiter,
			@Nullable ExecutorService timeoutExecutor) {
		this.name = name;
		this.rateLimiter = rateLimiter;
		this.throttle = throttle;
		this.clientSideThrottle = clientSideThrottle;
		this.bulkhead = bulkhead;
		this.circuitBreaker = circuitBreaker;
		this.retry = retry;
		this.timeLimiter = timeLimiter;
		this.timeoutExecutor = timeoutExecutor;
	}

	/**
	 * Runs a call for a client through the guard. Refusals are thrown as they are (Perfkit's
	 * {@link dev.perfkit.resilience.PerfkitProtectionException}s, Resilience4j's {@code CallNotPermittedException}
	 * and {@code BulkheadFullException}); the only checked exception a guard can add, a timeout's
	 * {@link java.util.concurrent.TimeoutException}, arrives wrapped in a {@link CompletionException} (use
	 * {@link #call(String, Callable)} to receive it as is).
	 * @param <T> the result type
	 * @param clientId the client the call is made for (blank for anonymous); only used by the per-client limit
	 * @param supplier the call
	 * @return the call's result
	 */
	public <T> T execute(String clientId, Supplier<T> supplier) {
		try {
			return call(clientId, supplier::get);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Exception ex) {
			// a Supplier cannot throw checked exceptions; only a time limiter can wrap one
			throw new CompletionException(ex);
		}
	}

	/**
	 * Runs a call without a client through the guard.
	 * @param <T> the result type
	 * @param supplier the call
	 * @return the call's result
	 */
	public <T> T execute(Supplier<T> supplier) {
		return execute(ClientRateLimiter.ANONYMOUS, supplier);
	}

	/**
	 * Runs a call for a client through the guard.
	 * @param clientId the client the call is made for (blank for anonymous)
	 * @param runnable the call
	 */
	public void run(String clientId, Runnable runnable) {
		execute(clientId, () -> {
			runnable.run();
			return null;
		});
	}

	/**
	 * Runs a call that may throw checked exceptions for a client through the guard.
	 * @param <T> the result type
	 * @param clientId the client the call is made for (blank for anonymous)
	 * @param callable the call
	 * @return the call's result
	 * @throws Exception what the call throws, or a protection exception
	 */
	public <T> T call(String clientId, Callable<T> callable) throws Exception {
		RequestProfile profile = RequestProfile.current();
		if (profile == null) {
			return observed(clientId, callable);
		}
		long start = profile.guardStarted();
		Throwable failure = null;
		try {
			return observed(clientId, callable);
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			profile.guardEnded(this.name, start, failure);
		}
	}

	/**
	 * Observes the calls through this guard from now on.
	 * @param observations the observations, {@code null} to stop
	 */
	public void observe(@Nullable ResilienceObservations observations) {
		this.observations = observations;
	}

	private <T> T observed(String clientId, Callable<T> callable) throws Exception {
		ResilienceObservations observations = this.observations;
		if (observations != null && observations.isActive()) {
			return observations.guard(this.name, () -> protectedCall(clientId, callable));
		}
		return protectedCall(clientId, callable);
	}

	private <T> T protectedCall(String clientId, Callable<T> callable) throws Exception {
		ClientRateLimiter rateLimiter = this.rateLimiter;
		if (rateLimiter != null) {
			RateLimitDecision decision = rateLimiter.check(clientId);
			if (!decision.allowed()) {
				throw decision.toException();
			}
		}
		Throttle throttle = this.throttle;
		if (throttle == null) {
			return clientThrottled(callable);
		}
		throttle.acquire();
		long start = throttle.onStart();
		boolean success = false;
		try {
			T result = clientThrottled(callable);
			success = true;
			return result;
		}
		finally {
			throttle.onComplete(start, success);
		}
	}

	private <T> T clientThrottled(Callable<T> callable) throws Exception {
		ClientSideThrottle clientSideThrottle = this.clientSideThrottle;
		if (clientSideThrottle == null) {
			return bulkheaded(callable);
		}
		if (!clientSideThrottle.tryAcquire()) {
			throw new ClientThrottledException(this.name, clientSideThrottle.getRejectionProbability());
		}
		T result = bulkheaded(callable);
		clientSideThrottle.onAccepted();
		return result;
	}

	private <T> T bulkheaded(Callable<T> callable) throws Exception {
		Bulkhead bulkhead = this.bulkhead;
		if (bulkhead == null) {
			return broken(callable);
		}
		bulkhead.acquirePermission();
		try {
			return broken(callable);
		}
		finally {
			bulkhead.onComplete();
		}
	}

	private <T> T broken(Callable<T> callable) throws Exception {
		CircuitBreaker breaker = this.circuitBreaker;
		if (breaker == null) {
			return retried(callable);
		}
		breaker.acquirePermission();
		long start = breaker.getCurrentTimestamp();
		try {
			T result = retried(callable);
			breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), result);
			return result;
		}
		catch (Exception ex) {
			breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), ex);
			throw ex;
		}
	}

	private <T> T retried(Callable<T> callable) throws Exception {
		Retry retry = this.retry;
		if (retry == null) {
			return timed(callable);
		}
		return retry.executeCallable(() -> timed(callable));
	}

	private <T> T timed(Callable<T> callable) throws Exception {
		RequestProfile.guardAttempt();
		TimeLimiter timeLimiter = this.timeLimiter;
		ExecutorService executor = this.timeoutExecutor;
		if (timeLimiter == null || executor == null) {
			return callable.call();
		}
		return timeLimiter.executeFutureSupplier(() -> submit(executor, callable));
	}

	private <T> Future<T> submit(ExecutorService executor, Callable<T> callable) {
		try {
			return executor.submit(callable);
		}
		catch (RejectedExecutionException ex) {
			// every guard thread is stuck in a call that ignored its timeout's interrupt: shed, do not queue
			throw new WorkerPoolFullException("Guard '" + this.name
					+ "': every timeout thread is busy with a call that has not returned; call refused");
		}
	}

	/**
	 * Returns the guard's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Returns the circuit breaker, if the guard has one.
	 * @return the circuit breaker or {@code null}
	 */
	public @Nullable CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Returns the bulkhead, if the guard has one.
	 * @return the bulkhead or {@code null}
	 */
	public @Nullable Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	/**
	 * Returns the retry, if the guard has one.
	 * @return the retry or {@code null}
	 */
	public @Nullable Retry getRetry() {
		return this.retry;
	}

	/**
	 * Returns the time limiter, if the guard has a timeout.
	 * @return the time limiter or {@code null}
	 */
	public @Nullable TimeLimiter getTimeLimiter() {
		return this.timeLimiter;
	}

	/**
	 * Returns the client-side throttle, if the guard has one.
	 * @return the client-side throttle or {@code null}
	 */
	public @Nullable ClientSideThrottle getClientSideThrottle() {
		return this.clientSideThrottle;
	}

	/**
	 * Whether the guard applies the global throttle.
	 * @return whether the guard throttles
	 */
	public boolean isThrottled() {
		return this.throttle != null;
	}

	/**
	 * Whether the guard applies the per-client rate limit.
	 * @return whether the guard rate-limits
	 */
	public boolean isRateLimited() {
		return this.rateLimiter != null;
	}

}
