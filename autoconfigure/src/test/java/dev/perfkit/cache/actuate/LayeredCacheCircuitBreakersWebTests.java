package dev.perfkit.cache.actuate;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers' breakers through Resilience4j's own actuator endpoint, health and meters, in a whole application on
 * the machine's Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=circuitbreakers,health,prometheus",
				"management.endpoint.health.show-details=always", "management.health.circuitbreakers.enabled=true",
				"resilience4j.circuitbreaker.configs.default.register-health-indicator=true",
				"spring.datasource.url=jdbc:h2:mem:breakers" })
class LayeredCacheCircuitBreakersWebTests {

	private final RestClient client = RestClient.create();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> RedisLocator.locate().url());
		registry.add("perfkit.cache.redis.key-prefix", () -> "perfkit-test:" + UUID.randomUUID() + ":");
		registry.add("perfkit.cache.sqlite.path",
				() -> Path.of("target", "test-caches", UUID.randomUUID() + ".db").toAbsolutePath().toString());
	}

	@Test
	void listsTheLayersBreakersAtResilience4jsEndpoint() {
		assertThat(get("/actuator/circuitbreakers")).contains("\"perfkit-cache-redis\"")
			.contains("\"perfkit-cache-sqlite\"");
	}

	@Test
	void reportsTheLayersBreakersInResilience4jsHealthContributor() {
		assertThat(get("/actuator/health")).contains("\"circuitBreakers\"").contains("\"perfkit-cache-redis\"");
	}

	@Test
	void exportsResilience4jsMetersForTheLayersBreakers() {
		assertThat(get("/actuator/prometheus"))
			.contains("resilience4j_circuitbreaker_state{name=\"perfkit-cache-redis\",state=\"closed\"} 1.0");
	}

	private String get(String path) {
		return this.client.get().uri("http://localhost:" + this.port + path).retrieve().body(String.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class BreakersApplication {

	}

}
