package dev.perfkit.resilience.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.perfkit.resilience.guard.GuardRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "perfkit.resilience.rate-limit.web.enabled=true",
				"perfkit.resilience.rate-limit.web.client-id-header=X-Client-Id",
				"perfkit.resilience.rate-limit.web.include=/api/**",
				"perfkit.resilience.rate-limit.web.exclude=/api/free/**", "perfkit.resilience.rate-limit.limit=3",
				"perfkit.resilience.guards.backend.circuit-breaker=backend",
				"perfkit.resilience.guards.throttled.throttle=true", "perfkit.resilience.throttle.rate=1",
				"perfkit.resilience.throttle.max-wait=0ms",
				"perfkit.resilience.rate-limit.clients[ops-*].limit=10",
				"management.endpoints.web.exposure.include=throttling,workers,prometheus",
				"management.endpoint.throttling.access=unrestricted",
				"spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
class ResilienceWebTests {

	private final RestClient client = RestClient.create();

	@LocalServerPort
	private int port;

	@Autowired
	private GuardRegistry guards;

	@Test
	void requestsOverTheLimitGetTooManyRequestsWithHeadersAndProblem() {
		for (int i = 0; i < 3; i++) {
			Answer ok = get("/api/hello", "client-a");
			assertThat(ok.status()).isEqualTo(200);
			assertThat(ok.headers().getFirst("RateLimit-Limit")).isEqualTo("3");
			assertThat(ok.headers().getFirst("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
			assertThat(ok.headers().getFirst("RateLimit-Reset")).isEqualTo("60");
		}
		Answer refused = get("/api/hello", "client-a");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Long.parseLong(refused.headers().getFirst("Retry-After"))).isBetween(1L, 60L);
		assertThat(refused.headers().getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(refused.headers().getFirst("RateLimit-Limit")).isEqualTo("3");
		assertThat(refused.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
		assertThat(refused.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"",
				"\"instance\":\"/api/hello\"");
		assertThat(get("/api/hello", "client-b").status()).as("another client").isEqualTo(200);
	}

	@Test
	void clientIdFallsBackToRemoteAddress() {
		int refused = 0;
		for (int i = 0; i < 5; i++) {
			refused += (get("/api/anonymous", null).status() == 429) ? 1 : 0;
		}
		assertThat(refused).isEqualTo(2);
	}

	@Test
	void excludedAndNotIncludedPathsAreNotLimited() {
		for (int i = 0; i < 5; i++) {
			Answer free = get("/api/free/hello", "client-c");
			assertThat(free.status()).isEqualTo(200);
			assertThat(free.headers().containsHeader("RateLimit-Limit")).isFalse();
			assertThat(get("/other", "client-c").status()).isEqualTo(200);
		}
	}

	@Test
	void openCircuitInsideTheHandlerAnswersServiceUnavailable() {
		CircuitBreaker breaker = this.guards.guard("backend").getCircuitBreaker();
		breaker.transitionToForcedOpenState();
		try {
			Answer answer = get("/other/guarded", "client-d");
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
			assertThat(answer.body()).contains("\"status\":503", "backend");
		}
		finally {
			breaker.transitionToClosedState();
		}
		assertThat(get("/other/guarded", "client-d").body()).isEqualTo("guarded");
	}

	@Test
	void openCircuitAnswerCarriesTheBreakersRemainingOpenTimeAsRetryAfter() {
		CircuitBreaker breaker = this.guards.guard("backend").getCircuitBreaker();
		long wait = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000;
		breaker.transitionToOpenState();
		try {
			Answer answer = get("/other/guarded", "client-e");
			assertThat(answer.status()).isEqualTo(503);
			// the breaker's remaining open time, not a constant: it has just opened
			assertThat(Long.parseLong(answer.headers().getFirst("Retry-After"))).isBetween(wait / 2, wait);
			assertThat(answer.body()).contains("\"retryAfter\":" + answer.headers().getFirst("Retry-After"));
		}
		finally {
			breaker.transitionToClosedState();
		}
	}

	@Test
	void throttledCallInsideTheHandlerAnswersServiceUnavailableWithRetryAfterAndProblem() {
		// one permit a second, and the handler makes up to five guarded calls in a row: refused inside the handler
		Answer answer = get("/other/throttled", "client-f");
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.headers().getFirst("Retry-After")).isEqualTo("1");
		assertThat(answer.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
		assertThat(answer.body()).contains("\"status\":503", "\"title\":\"Service Unavailable\"", "Throttled",
				"\"instance\":\"/other/throttled\"", "\"retryAfter\":1");
	}

	@Test
	void throttlingEndpointDescribesLimitsOverHttp() {
		get("/api/hello", "endpoint-client");
		Answer answer = get("/actuator/throttling", null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"backend\":\"local\"", "\"name\":\"ops-*\"", "\"guards\":[{\"name\":\"backend\"",
				"\"state\":\"CLOSED\"", "\"history\":[{");
	}

	@Test
	void throttlingEndpointChangesALimitAtRunTimeWhenWriteAccessIsGranted() {
		Answer answer = this.client.post()
			.uri(URI.create("http://localhost:" + this.port + "/actuator/throttling"))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"plan\":\"ops-*\",\"limit\":20}")
			.exchangeForRequiredValue((request, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("{\"name\":\"ops-*\",\"windows\":[{\"limit\":20,");
		assertThat(get("/api/hello", "ops-1").headers().getFirst("RateLimit-Limit")).isEqualTo("20");
	}

	@Test
	void throttlingEndpointAnswersBadRequestForAnUnknownPlan() {
		Answer answer = this.client.post()
			.uri(URI.create("http://localhost:" + this.port + "/actuator/throttling"))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"plan\":\"gold-*\",\"limit\":20}")
			.exchangeForRequiredValue((request, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
		assertThat(answer.status()).isEqualTo(400);
	}

	@Test
	void prometheusShowsRateLimitMetersByPlanAndResult() {
		get("/api/hello", "metrics-client");
		String body = get("/actuator/prometheus", null).body();
		assertThat(body).contains("perfkit_ratelimit_requests_total{backend=\"local\",plan=\"default\",result=\"allowed\"}",
				"perfkit_throttle_rate", "resilience4j_circuitbreaker_state");
		assertThat(body).doesNotContain("metrics-client");
	}

	@Test
	void workersEndpointDescribesThePoolOverHttp() {
		Answer answer = get("/actuator/workers", null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"queueCapacity\":1000", "\"activeTasks\":[]");
		assertThat(get("/actuator/workers/unknown", null).status()).isEqualTo(404);
		assertThat(get("/actuator/prometheus", null).body()).contains("perfkit_workers_queued",
				"perfkit_workers_tasks_total{status=\"timed-out\"}");
	}

	private Answer get(String path, String clientId) {
		return this.client.get()
			.uri(URI.create("http://localhost:" + this.port + path))
			.headers((headers) -> {
				if (clientId != null) {
					headers.set("X-Client-Id", clientId);
				}
			})
			.exchangeForRequiredValue((request, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	record Answer(int status, HttpHeaders headers, String body) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

		@RestController
		static class Endpoints {

			private final GuardRegistry guards;

			Endpoints(GuardRegistry guards) {
				this.guards = guards;
			}

			@GetMapping({ "/api/hello", "/api/anonymous", "/api/free/hello", "/other" })
			String hello(@RequestParam(defaultValue = "") String name) {
				return "hello";
			}

			@GetMapping("/other/guarded")
			String guarded() {
				return this.guards.guard("backend").execute(() -> "guarded");
			}

			@GetMapping("/other/throttled")
			String throttled() {
				for (int i = 0; i < 5; i++) {
					this.guards.guard("throttled").execute(() -> "throttled");
				}
				return "throttled";
			}

		}

	}

}
