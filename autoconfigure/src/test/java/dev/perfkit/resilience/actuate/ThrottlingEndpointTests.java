package dev.perfkit.resilience.actuate;

import java.time.Duration;
import java.util.Map;

import dev.perfkit.resilience.actuate.ThrottlingEndpoint.ThrottlingDescriptor;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.guard.GuardSpec;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ThrottlingEndpointTests {

	private final Throttle throttle = new Throttle(RateLimiterRegistry.ofDefaults(), new Throttle.Settings(50, false,
			1, 100, Duration.ofMillis(100), 0.8, 0.1, 0.75, 5, Duration.ZERO, 10), () -> 0.2);

	private final LocalClientRateLimiter rateLimiter = new LocalClientRateLimiter(
			RateLimitPlans.of(new RateLimitWindow(2, Duration.ofMinutes(1))), false, 100);

	private final GuardRegistry guards = new GuardRegistry(
			Map.of("llm", new GuardSpec("llm", true, true, null, Duration.ofSeconds(1), null)), this.rateLimiter,
			this.throttle, CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
			RetryRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults());

	private final ThrottlingEndpoint endpoint = new ThrottlingEndpoint(this.throttle, this.rateLimiter, this.guards);

	@Test
	void describesThrottleRateLimitsClientsAndGuards() {
		for (int i = 0; i < 3; i++) {
			this.rateLimiter.check("alice");
		}
		ThrottlingDescriptor descriptor = this.endpoint.throttling();
		assertThat(descriptor.throttle().rate()).isEqualTo(50);
		assertThat(descriptor.throttle().history()).hasSize(1);
		assertThat(descriptor.rateLimit().backend()).isEqualTo("local");
		assertThat(descriptor.rateLimit().plans()).singleElement().satisfies((plan) -> {
			assertThat(plan.name()).isEqualTo("default");
			assertThat(plan.allowed()).isEqualTo(2);
			assertThat(plan.rejected()).isEqualTo(1);
		});
		assertThat(descriptor.rateLimit().usage()).singleElement()
			.satisfies((usage) -> assertThat(usage.remaining()).isZero());
		assertThat(descriptor.rateLimit().topRejected()).singleElement()
			.satisfies((client) -> assertThat(client.clientId()).isEqualTo("alice"));
		assertThat(descriptor.guards()).singleElement().satisfies((guard) -> {
			assertThat(guard.circuitBreaker().state()).isEqualTo("CLOSED");
			assertThat(guard.timeout()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void writeOperationChangesPlanAndRate() {
		ThrottlingDescriptor descriptor = this.endpoint.update("default", 10L, "30s", 7.0);
		assertThat(descriptor.rateLimit().plans().get(0).windows())
			.containsExactly(new RateLimitWindow(10, Duration.ofSeconds(30)));
		assertThat(descriptor.throttle().rate()).isEqualTo(7);
		assertThat(descriptor.throttle().history()).last()
			.satisfies((change) -> assertThat(change.reason()).contains("/actuator/throttling"));
	}

	@Test
	void writeOperationRejectsUnknownPlanAndBadValues() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.update("gold", 10L, null, null));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.update("default", 0L, null, null));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.update("default", 5L, "soon", null));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.update(null, null, null, -1.0));
	}

	@Test
	void writeOperationRefusesRatesOutsideMinAndMaxRate() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.update(null, null, null, Double.MIN_VALUE))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("min-rate 1.0"));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.update(null, null, null, 1e308))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("max-rate 100.0"));
		assertThat(this.endpoint.update(null, null, null, 100.0).throttle().rate()).isEqualTo(100);
	}

}
