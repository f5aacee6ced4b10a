package dev.perfkit.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the Actuator endpoints of the sample application.
 */
class ActuatorTests extends SampleApplicationTestSupport {

	@Test
	void healthIsUpWithTheDatabase() {
		Response response = get("/actuator/health");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("status").asString()).isEqualTo("UP");
		assertThat(response.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(response.json().path("components").has("redis")).isFalse();
	}

	@Test
	void prometheusShowsJvmHttpServerAndHikariMeters() {
		assertThat(get("/api/products/1").status()).isEqualTo(200);
		Response response = get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds",
				"hikaricp_connections");
	}

}
