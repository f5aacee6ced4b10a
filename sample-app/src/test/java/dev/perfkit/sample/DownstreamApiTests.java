package dev.perfkit.sample;

import dev.perfkit.sample.downstream.DownstreamProperties;
import dev.perfkit.sample.downstream.FlakyDownstream;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code /api/downstream}.
 */
class DownstreamApiTests extends SampleApplicationTestSupport {

	@Autowired
	private FlakyDownstream downstream;

	@Autowired
	private DownstreamProperties properties;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@AfterEach
	void restoreFailureRate() {
		this.downstream.setFailureRate(this.properties.failureRate());
		this.circuitBreakers.circuitBreaker("downstream").reset();
	}

	@Test
	void failureRateIsTheConfiguredOneByDefault() {
		Response response = get("/api/downstream/failure-rate");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("failureRate").asDouble()).isEqualTo(0.3);
	}

	@Test
	void everyCallFailsWithBadGatewayProblemAtFailureRateOne() {
		assertThat(put("/api/downstream/failure-rate?value=1.0").json().path("failureRate").asDouble())
			.isEqualTo(1.0);
		for (int i = 0; i < 3; i++) {
			Response response = get("/api/downstream?key=k" + i);
			assertThat(response.status()).isEqualTo(502);
			assertThat(response.isProblem()).isTrue();
			assertThat(response.json().path("title").asString()).isEqualTo("Downstream service failed");
			assertThat(response.json().path("detail").asString()).contains("'k" + i + "'");
		}
	}

	@Test
	void everyCallSucceedsAtFailureRateZero() {
		assertThat(put("/api/downstream/failure-rate?value=0.0").status()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			Response response = get("/api/downstream?key=k" + i);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("key").asString()).isEqualTo("k" + i);
			assertThat(response.json().path("value").asString()).startsWith("value-");
		}
	}

	@Test
	void failureRateOutsideZeroToOneGivesBadRequestProblem() {
		Response response = put("/api/downstream/failure-rate?value=1.5");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(this.downstream.getFailureRate()).isEqualTo(0.3);
	}

}
