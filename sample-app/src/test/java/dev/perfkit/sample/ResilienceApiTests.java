package dev.perfkit.sample;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.perfkit.sample.downstream.DownstreamProperties;
import dev.perfkit.sample.downstream.FlakyDownstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The flaky downstream behind Perfkit's {@code downstream} guard, and per-client limits on {@code /api/**}, over
 * HTTP.
 */
class ResilienceApiTests extends SampleApplicationTestSupport {

	private final RestClient client = RestClient.create();

	@LocalServerPort
	private int port;

	@Autowired
	private FlakyDownstream downstream;

	@Autowired
	private DownstreamProperties properties;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@AfterEach
	void restore() {
		this.downstream.setFailureRate(this.properties.failureRate());
		this.circuitBreakers.circuitBreaker("downstream").reset();
	}

	@Test
	void circuitOpensAfterFailuresAnswersServiceUnavailableThenHalfOpensAndClosesWhenDownstreamRecovers() {
		put("/api/downstream/failure-rate?value=1.0");
		for (int i = 0; i < 5; i++) {
			assertThat(call("/api/downstream?key=k" + i, "circuit-test").status()).isEqualTo(502);
		}
		assertThat(state()).isEqualTo("OPEN");
		Answer open = call("/api/downstream?key=k5", "circuit-test");
		assertThat(open.status()).isEqualTo(503);
		assertThat(open.body()).contains("\"status\":503", "CircuitBreaker 'downstream' is OPEN");
		put("/api/downstream/failure-rate?value=0.0");
		await().atMost(Duration.ofSeconds(30)).until(() -> "HALF_OPEN".equals(state()));
		assertThat(call("/api/downstream?key=k6", "circuit-test").status()).isEqualTo(200);
		assertThat(call("/api/downstream?key=k7", "circuit-test").status()).isEqualTo(200);
		assertThat(state()).isEqualTo("CLOSED");
		assertThat(this.circuitBreakers.circuitBreaker("downstream").getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void clientOverItsPlanGetsTooManyRequests() {
		for (int i = 0; i < 5; i++) {
			Answer ok = call("/api/products/1", "demo-limits");
			assertThat(ok.status()).isEqualTo(200);
			assertThat(ok.headers().getFirst("RateLimit-Limit")).isEqualTo("5");
		}
		Answer refused = call("/api/products/1", "demo-limits");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.headers().getFirst("Retry-After")).isNotNull();
		assertThat(refused.headers().getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(refused.body()).contains("\"title\":\"Too Many Requests\"");
		assertThat(call("/api/products/1", "someone-else").status()).isEqualTo(200);
	}

	private String state() {
		String body = call("/actuator/circuitbreakers", "circuit-test").body();
		int at = body.indexOf("\"downstream\"");
		int state = body.indexOf("\"state\":\"", at) + "\"state\":\"".length();
		return body.substring(state, body.indexOf('"', state));
	}

	private Answer call(String pathAndQuery, String clientId) {
		return this.client.get()
			.uri(URI.create("http://localhost:" + this.port + pathAndQuery))
			.header("X-Client-Id", clientId)
			.exchangeForRequiredValue((request, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	record Answer(int status, HttpHeaders headers, String body) {

	}

}
