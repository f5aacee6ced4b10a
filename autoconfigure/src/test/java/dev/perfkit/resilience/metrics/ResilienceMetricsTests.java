package dev.perfkit.resilience.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlan;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceMetricsTests {

	@Test
	void throttleRateAndRateLimitResultsAreMetersTaggedByPlanNeverByClient() {
		Throttle throttle = new Throttle(RateLimiterRegistry.ofDefaults(), new Throttle.Settings(40, false, 1, 100,
				Duration.ofMillis(100), 0.8, 0.1, 0.75, 5, Duration.ZERO, 10), () -> 0.2);
		Map<String, RateLimitPlan> overrides = new LinkedHashMap<>();
		overrides.put("gold-*", new RateLimitPlan("gold-*", List.of(new RateLimitWindow(5, Duration.ofMinutes(1)))));
		LocalClientRateLimiter limiter = new LocalClientRateLimiter(new RateLimitPlans(
				new RateLimitPlan(RateLimitPlan.DEFAULT, List.of(new RateLimitWindow(1, Duration.ofMinutes(1)))),
				overrides), false, 100);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ResilienceMetrics(throttle, limiter).bindTo(registry);
		limiter.check("alice");
		limiter.check("alice");
		limiter.check("gold-acme");
		throttle.setRate(20, "test");
		assertThat(registry.get("perfkit.throttle.rate").gauge().value()).isEqualTo(20);
		assertThat(registry.get("perfkit.throttle.rejected").functionCounter().count()).isZero();
		assertThat(registry.get("perfkit.ratelimit.requests").tags("plan", "default", "result", "allowed")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(registry.get("perfkit.ratelimit.requests").tags("plan", "default", "result", "rejected")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(registry.get("perfkit.ratelimit.requests").tags("plan", "gold-*", "result", "allowed")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().contains("alice") || tag.getValue().contains("acme")));
	}

}
