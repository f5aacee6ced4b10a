package dev.perfkit.resilience.metrics;

import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter.Result;
import dev.perfkit.resilience.throttle.Throttle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import java.util.Locale;

/**
 * Binds Perfkit's resilience meters: {@code perfkit.throttle.rate} (gauge), {@code perfkit.throttle.rejected} and
 * {@code perfkit.ratelimit.requests{plan,result,backend}}. Counts are read from the components' own
 * {@code LongAdder}s, so the hot path records nothing extra. Tags are configured plan names, never client ids.
 * Resilience4j binds its own meters for the circuit breakers, retries, bulkheads and rate limiters (the throttle is
 * the rate limiter {@code perfkit-throttle}).
 *
 * @since 0.1.0
 */
public class ResilienceMetrics implements MeterBinder {

	private final @Nullable Throttle throttle;

	private final @Nullable ClientRateLimiter rateLimiter;

	/**
	 * Creates the binder.
	 * @param throttle the throttle, if enabled
	 * @param rateLimiter the per-client limiter, if enabled
	 */
	public ResilienceMetrics(@Nullable Throttle throttle, @Nullable ClientRateLimiter rateLimiter) {
		this.throttle = throttle;
		this.rateLimiter = rateLimiter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Throttle throttle = this.throttle;
		if (throttle != null) {
			Gauge.builder("perfkit.throttle.rate", throttle, Throttle::getRate)
				.description("Calls per second the global throttle allows")
				.register(registry);
			FunctionCounter.builder("perfkit.throttle.rejected", throttle, Throttle::getRejected)
				.description("Calls refused by the global throttle")
				.register(registry);
		}
		ClientRateLimiter rateLimiter = this.rateLimiter;
		if (rateLimiter != null) {
			for (String plan : rateLimiter.getPlans().names()) {
				for (Result result : Result.values()) {
					FunctionCounter
						.builder("perfkit.ratelimit.requests", rateLimiter,
								(limiter) -> limiter.count(plan, result))
						.description("Per-client rate-limit checks by plan and result")
						.tag("plan", plan)
						.tag("result", result.name().toLowerCase(Locale.ROOT))
						.tag("backend", rateLimiter.getBackend())
						.register(registry);
				}
			}
		}
	}

}
