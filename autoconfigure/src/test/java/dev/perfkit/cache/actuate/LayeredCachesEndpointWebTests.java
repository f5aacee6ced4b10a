package dev.perfkit.cache.actuate;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint, health contributor and meters over HTTP in a whole application on the machine's Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=layeredcaches,health,prometheus,metrics",
				"management.endpoint.layeredcaches.access=unrestricted", "management.endpoint.health.show-details=always",
				"spring.datasource.url=jdbc:h2:mem:endpoint" })
class LayeredCachesEndpointWebTests {

	private static final String PREFIX = "perfkit-test:" + UUID.randomUUID() + ":";

	private final RestClient client = RestClient.create();

	@LocalServerPort
	private int port;

	@Autowired
	private LayeredCacheManager cacheManager;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> RedisLocator.locate().url());
		registry.add("perfkit.cache.redis.key-prefix", () -> PREFIX);
		registry.add("perfkit.cache.sqlite.path",
				() -> Path.of("target", "test-caches", UUID.randomUUID() + ".db").toAbsolutePath().toString());
	}

	@Test
	void listsCachesWithLayerStatisticsAndRedisFacts() {
		LayeredCache cache = this.cacheManager.getLayeredCache("products");
		cache.put("1", "one");
		cache.get("1");
		String body = get("/actuator/layeredcaches");
		assertThat(body).contains("\"products\"").contains("\"layer\":\"memory\"").contains("\"layer\":\"redis\"")
			.contains("\"layer\":\"sqlite\"").contains("maxmemory_policy");
		assertThat(get("/actuator/layeredcaches/products")).contains("\"name\":\"products\"");
	}

	@Test
	void invalidatesAKeyOverHttp() {
		LayeredCache cache = this.cacheManager.getLayeredCache("web");
		cache.put("k", "v");
		String body = this.client.delete()
			.uri("http://localhost:" + this.port + "/actuator/layeredcaches/web?key=k")
			.retrieve()
			.body(String.class);
		assertThat(body).contains("\"scope\":\"key\"");
		assertThat(cache.get("k")).isNull();
	}

	@Test
	void unknownCacheIsNotFound() {
		int status = this.client.get()
			.uri("http://localhost:" + this.port + "/actuator/layeredcaches/nope")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(404);
	}

	@Test
	void reportsHealthPerLayer() {
		assertThat(get("/actuator/health")).contains("\"layeredcache\"").contains("\"redis\"").contains("\"sqlite\"");
	}

	@Test
	void exposesPerLayerAndStandardCacheMeters() {
		LayeredCache cache = this.cacheManager.getLayeredCache("metered");
		cache.put("1", "one");
		cache.get("1");
		String prometheus = get("/actuator/prometheus");
		// Spring Boot's tags: cache.manager, and name (the cache's name, as Boot's CacheMetricsRegistrar adds it)
		assertThat(prometheus).contains("perfkit_cache_gets_total{cache=\"metered\",cache_manager=\"cacheManager\","
				+ "layer=\"memory\",name=\"metered\",result=\"hit\"} 1.0");
		assertThat(prometheus)
			.contains("cache_gets_total{cache=\"metered\",cache_manager=\"cacheManager\",name=\"metered\",result=\"hit\"}");
		assertThat(prometheus).contains("perfkit_cache_health{cache=\"metered\"");
	}

	@Test
	void showsWarmingMemoryGuardAndEvictionFiguresAndExportsTheirMeters() {
		LayeredCache cache = this.cacheManager.getLayeredCache("intelligent");
		cache.put("1", "one");
		String body = get("/actuator/layeredcaches");
		assertThat(body).contains("\"warming\":{\"runs\":").contains("\"persistent\":true")
			.contains("\"memoryGuard\":{\"heapUsed\":")
			.contains("\"memoryMaximumSize\":10000")
			.contains("\"missesAfterEviction\":0")
			.contains("\"warming\":{\"warmedEntries\":");
		String prometheus = get("/actuator/prometheus");
		assertThat(prometheus).contains("perfkit_cache_warming_runs_total ")
			.contains("perfkit_cache_memory_maximum{cache=\"intelligent\"} 10000.0")
			.contains("perfkit_cache_memory_guard_shrinks_total ")
			.contains("perfkit_cache_warming_hits_total{cache=\"intelligent\"} 0.0");
	}

	private String get(String path) {
		return this.client.get().uri("http://localhost:" + this.port + path).retrieve().body(String.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class EndpointApplication {

	}

}
