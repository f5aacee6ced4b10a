package dev.perfkit.resilience.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.perfkit.resilience.guard.Guard;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter.ClientRejections;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter.ClientUsage;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter.Result;
import dev.perfkit.resilience.ratelimit.RateLimitPlan;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.throttle.ClientSideThrottle;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code /actuator/throttling}: the throttle (rate, its recent changes and why), the per-client limiter (plans with
 * their counts, the busiest clients, the most refused clients) and the guards with the state of their circuit
 * breakers. Its write operation changes a plan's limit or the throttle's rate at run time; like every write
 * operation it is off until granted ({@code management.endpoint.throttling.access=unrestricted}).
 *
 * @since 0.1.0
 */
@Endpoint(id = "throttling", defaultAccess = Access.READ_ONLY)
public class ThrottlingEndpoint {

	private static final int MAX_CLIENTS = 20;

	private final @Nullable Throttle throttle;

	private final @Nullable ClientRateLimiter rateLimiter;

	private final @Nullable GuardRegistry guards;

	/**
	 * Creates the endpoint.
	 * @param throttle the throttle, if enabled
	 * @param rateLimiter the per-client limiter, if enabled
	 * @param guards the guards, if any
	 */
	public ThrottlingEndpoint(@Nullable Throttle throttle, @Nullable ClientRateLimiter rateLimiter,
			@Nullable GuardRegistry guards) {
		this.throttle = throttle;
		this.rateLimiter = rateLimiter;
		this.guards = guards;
	}

	/**
	 * Describes throttling, rate limiting and guards.
	 * @return the description
	 */
	@ReadOperation
	public ThrottlingDescriptor throttling() {
		return new ThrottlingDescriptor(throttle(), rateLimit(), guards());
	}

	/**
	 * Changes a plan's limit and window, or the throttle's rate.
	 * @param plan the name of the plan to change ({@code default} or a client pattern)
	 * @param limit the plan's new limit (of its first window)
	 * @param window the plan's new window length (for example {@code 30s}); unchanged when not given
	 * @param rate the throttle's new rate in calls per second
	 * @return the description after the change
	 */
	@WriteOperation
	public ThrottlingDescriptor update(@Nullable String plan, @Nullable Long limit, @Nullable String window,
			@Nullable Double rate) {
		if (rate != null) {
			if (this.throttle == null || !(rate > 0) || Double.isInfinite(rate)) {
				throw new InvalidEndpointRequestException("Cannot set the throttle rate to " + rate,
						"rate must be positive and the throttle enabled");
			}
			Throttle.Settings settings = this.throttle.getSettings();
			if (rate < settings.minRate() || rate > settings.maxRate()) {
				String reason = "rate must be between min-rate " + settings.minRate() + " and max-rate "
						+ settings.maxRate();
				throw new InvalidEndpointRequestException("Cannot set the throttle rate to " + rate, reason);
			}
			this.throttle.setRate(rate, "set through /actuator/throttling");
		}
		if (plan != null || limit != null) {
			updatePlan(plan, limit, window);
		}
		return throttling();
	}

	private void updatePlan(@Nullable String plan, @Nullable Long limit, @Nullable String window) {
		ClientRateLimiter rateLimiter = this.rateLimiter;
		if (rateLimiter == null || plan == null || limit == null || limit < 1) {
			throw new InvalidEndpointRequestException("Cannot change plan '" + plan + "' to limit " + limit,
					"plan and a limit of at least 1 are required, and rate limiting must be enabled");
		}
		RateLimitPlan current = rateLimiter.getPlans()
			.all()
			.stream()
			.filter((candidate) -> candidate.name().equals(plan))
			.findFirst()
			.orElseThrow(() -> new InvalidEndpointRequestException("No rate-limit plan named '" + plan + "'",
					"unknown plan"));
		Duration length;
		try {
			length = (window != null) ? DurationStyle.detectAndParse(window) : current.windows().get(0).window();
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw new InvalidEndpointRequestException("Invalid window '" + window + "'", "invalid window");
		}
		if (length.toMillis() < 1) {
			throw new InvalidEndpointRequestException("Invalid window '" + window + "'", "window below 1ms");
		}
		List<RateLimitWindow> windows = new ArrayList<>(current.windows());
		windows.set(0, new RateLimitWindow(limit, length));
		rateLimiter.updatePlan(plan, windows);
	}

	private @Nullable ThrottleDescriptor throttle() {
		Throttle throttle = this.throttle;
		if (throttle == null) {
			return null;
		}
		Throttle.Settings settings = throttle.getSettings();
		return new ThrottleDescriptor(throttle.getRate(), settings.adaptive(), settings.minRate(), settings.maxRate(),
				settings.targetLatency(), settings.cpuThreshold(), settings.maxWait(), throttle.getRejected(),
				throttle.getInFlight(), throttle.getLastReading(), throttle.getHistory());
	}

	private @Nullable RateLimitDescriptor rateLimit() {
		ClientRateLimiter rateLimiter = this.rateLimiter;
		if (rateLimiter == null) {
			return null;
		}
		List<PlanDescriptor> plans = rateLimiter.getPlans()
			.all()
			.stream()
			.map((plan) -> new PlanDescriptor(plan.name(), plan.windows(),
					rateLimiter.count(plan.name(), Result.ALLOWED), rateLimiter.count(plan.name(), Result.REJECTED),
					rateLimiter.count(plan.name(), Result.MONITORED)))
			.toList();
		return new RateLimitDescriptor(rateLimiter.getBackend(), rateLimiter.isMonitorOnly(), plans,
				rateLimiter.usage(MAX_CLIENTS), rateLimiter.topRejected(MAX_CLIENTS));
	}

	private List<GuardDescriptor> guards() {
		if (this.guards == null) {
			return List.of();
		}
		return this.guards.getGuards().stream().map(ThrottlingEndpoint::guard).toList();
	}

	private static GuardDescriptor guard(Guard guard) {
		CircuitBreaker breaker = guard.getCircuitBreaker();
		CircuitBreakerDescriptor breakerDescriptor = (breaker != null)
				? new CircuitBreakerDescriptor(breaker.getName(), breaker.getState().name(),
						breaker.getMetrics().getFailureRate(), breaker.getMetrics().getNumberOfNotPermittedCalls())
				: null;
		ClientSideThrottle clientSideThrottle = guard.getClientSideThrottle();
		return new GuardDescriptor(guard.getName(), breakerDescriptor, guard.isThrottled(), guard.isRateLimited(),
				(clientSideThrottle != null) ? clientSideThrottle.getRejectionProbability() : null,
				(guard.getBulkhead() != null) ? guard.getBulkhead().getName() : null,
				(guard.getRetry() != null) ? guard.getRetry().getName() : null,
				(guard.getTimeLimiter() != null) ? guard.getTimeLimiter().getTimeLimiterConfig().getTimeoutDuration()
						: null);
	}

	/**
	 * Description of throttling, rate limiting and guards.
	 *
	 * @param throttle the throttle, {@code null} when disabled
	 * @param rateLimit the per-client limiter, {@code null} when disabled
	 * @param guards the guards
	 */
	public record ThrottlingDescriptor(@Nullable ThrottleDescriptor throttle, @Nullable RateLimitDescriptor rateLimit,
			List<GuardDescriptor> guards) implements OperationResponseBody {

	}

	/**
	 * Description of the throttle.
	 *
	 * @param rate current rate, calls per second
	 * @param adaptive whether the rate adapts
	 * @param minRate lowest adaptive rate
	 * @param maxRate highest adaptive rate
	 * @param targetLatency latency target of the adaptive loop
	 * @param cpuThreshold CPU threshold of the adaptive loop
	 * @param maxWait how long calls wait for a permit
	 * @param rejected calls refused since start
	 * @param inFlight calls in flight (adaptive mode)
	 * @param lastReading what the last adaptive step read
	 * @param history recent rate changes, oldest first
	 */
	public record ThrottleDescriptor(double rate, boolean adaptive, double minRate, double maxRate,
			Duration targetLatency, double cpuThreshold, Duration maxWait, long rejected, int inFlight,
			Throttle.Reading lastReading, List<Throttle.RateChange> history) {

	}

	/**
	 * Description of the per-client limiter.
	 *
	 * @param backend {@code local} or {@code redis}
	 * @param monitorOnly whether calls over the limit are only counted
	 * @param plans the plans with their counts
	 * @param usage the clients using most of their limit
	 * @param topRejected the clients refused most often
	 */
	public record RateLimitDescriptor(String backend, boolean monitorOnly, List<PlanDescriptor> plans,
			List<ClientUsage> usage, List<ClientRejections> topRejected) {

	}

	/**
	 * Description of one plan.
	 *
	 * @param name the plan name
	 * @param windows its windows
	 * @param allowed calls allowed
	 * @param rejected calls refused
	 * @param monitored calls over the limit let through in monitor-only mode
	 */
	public record PlanDescriptor(String name, List<RateLimitWindow> windows, long allowed, long rejected,
			long monitored) {

	}

	/**
	 * Description of one guard.
	 *
	 * @param name the guard name
	 * @param circuitBreaker its circuit breaker, if any
	 * @param throttle whether it applies the throttle
	 * @param rateLimit whether it applies the per-client limit
	 * @param clientSideRejectionProbability share of calls client-side throttling refuses now, if enabled
	 * @param bulkhead name of its bulkhead, if any
	 * @param retry name of its retry, if any
	 * @param timeout its timeout, if any
	 */
	public record GuardDescriptor(String name, @Nullable CircuitBreakerDescriptor circuitBreaker, boolean throttle,
			boolean rateLimit, @Nullable Double clientSideRejectionProbability, @Nullable String bulkhead, @Nullable String retry, @Nullable Duration timeout) {

	}

	/**
	 * State of a guard's circuit breaker.
	 *
	 * @param name the circuit breaker name
	 * @param state its state
	 * @param failureRate its failure rate in percent, -1 until enough calls were made
	 * @param notPermittedCalls calls refused while open
	 */
	public record CircuitBreakerDescriptor(String name, String state, float failureRate, long notPermittedCalls) {

	}

}
