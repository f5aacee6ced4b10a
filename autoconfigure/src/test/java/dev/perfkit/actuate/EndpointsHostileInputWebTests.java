package dev.perfkit.actuate;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input to every Perfkit endpoint over HTTP, with every endpoint exposed and its access unrestricted: bad
 * input is a 400 and an unknown item a 404, each with an RFC 9457 problem body, never a 500.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=*",
				"management.endpoints.access.default=unrestricted",
				"spring.datasource.url=jdbc:h2:mem:hostile-input;DB_CLOSE_DELAY=-1" })
class EndpointsHostileInputWebTests {

	private static final String PREFIX = "perfkit-test:" + UUID.randomUUID() + ":";

	@LocalServerPort
	int port;

	@Autowired
	LayeredCacheManager cacheManager;

	@Autowired
	JdbcTemplate jdbc;

	private EndpointWebClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> RedisLocator.locate().url());
		registry.add("perfkit.cache.redis.key-prefix", () -> PREFIX);
		registry.add("perfkit.cache.sqlite.path",
				() -> Path.of("target", "test-caches", UUID.randomUUID() + ".db").toAbsolutePath().toString());
	}

	@BeforeEach
	void client() {
		this.http = new EndpointWebClient(this.port);
	}

	@Test
	void layeredCachesRefuseUnknownCachesAndMalformedTagsAndKeys() {
		LayeredCache cache = this.cacheManager.getLayeredCache("products");
		cache.put("k", "v");
		assertThat(this.http.get("/actuator/layeredcaches/nope").assertProblem(404)).contains("'nope'");
		assertThat(this.http.exchange(HttpMethod.DELETE, "/actuator/layeredcaches/nope", null).assertProblem(404))
			.contains("no cache named 'nope'");
		assertThat(delete("/actuator/layeredcaches/products?tag=a&key=k").assertProblem(400)).contains("not both");
		assertThat(delete("/actuator/layeredcaches/products?tag=%20%20").assertProblem(400)).contains("blank");
		assertThat(delete("/actuator/layeredcaches/products?key=a%0Ab").assertProblem(400)).contains("control");
		assertThat(delete("/actuator/layeredcaches/products?key=" + "x".repeat(5000)).assertProblem(400))
			.contains("at most 4096");
		assertThat(cache.get("k")).isNotNull();
		assertThat(delete("/actuator/layeredcaches/products?key=k").status()).isEqualTo(200);
		assertThat(cache.get("k")).isNull();
	}

	@Test
	void profilerRefusesBadNumbersSortsIdsAndToggles() {
		this.jdbc.queryForList("SELECT 1");
		assertThat(this.http.get("/actuator/profiler/slow-queries?limit=-1").assertProblem(400)).contains("limit");
		assertThat(this.http.get("/actuator/profiler/slow-queries?limit=99999999999").assertProblem(400))
			.contains("limit");
		assertThat(this.http.get("/actuator/profiler/report?lastN=2147483648").assertProblem(400)).contains("lastN");
		assertThat(this.http.get("/actuator/profiler/report?lastN=1000001").assertProblem(400)).contains("lastN");
		assertThat(this.http.get("/actuator/profiler/report?lastN=many").assertProblem(400)).contains("lastN");
		// Arabic-Indic digits, which Integer.parseInt reads as 12
		assertThat(this.http.get("/actuator/profiler/slow-queries?limit=%D9%A1%D9%A2").assertProblem(400))
			.contains("limit");
		assertThat(this.http.get("/actuator/profiler/queries/%D9%A1%D9%A2").assertProblem(400)).contains("number");
		assertThat(this.http.get("/actuator/profiler/fingerprints?sort=bogus").assertProblem(400)).contains("sort");
		assertThat(this.http.get("/actuator/profiler/slow-queries?threshold=-5ms").assertProblem(400))
			.contains("negative");
		assertThat(this.http.get("/actuator/profiler/slow-queries?threshold=99999999999999999d").assertProblem(400))
			.contains("threshold");
		assertThat(this.http.get("/actuator/profiler/queries/abc").assertProblem(400)).contains("number");
		assertThat(this.http.get("/actuator/profiler/queries/999999999").assertProblem(404)).contains("999999999");
		assertThat(this.http.get("/actuator/profiler/nothing").assertProblem(404)).contains("'nothing'");
		assertThat(this.http.exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":\"maybe\"}")
			.assertProblem(400)).contains("true or false");
		assertThat(this.http.exchange(HttpMethod.POST, "/actuator/profiler", "{}").assertProblem(400))
			.contains("true or false");
		assertThat(this.http.get("/actuator/profiler/report?lastN=1000000").status()).isEqualTo(200);
		assertThat(this.http.exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":true}").status())
			.isEqualTo(200);
	}

	@Test
	void throttlingRefusesBadRatesLimitsWindowsAndUnknownPlans() {
		assertThat(post("/actuator/throttling", "{\"rate\":\"NaN\"}").assertProblem(400)).contains("rate");
		assertThat(post("/actuator/throttling", "{\"rate\":-1}").assertProblem(400)).contains("rate");
		assertThat(post("/actuator/throttling", "{\"rate\":\"fast\"}").assertProblem(400)).contains("rate");
		assertThat(post("/actuator/throttling", "{\"rate\":4.9e-324}").assertProblem(400)).contains("rate");
		assertThat(post("/actuator/throttling", "{\"rate\":1e308}").assertProblem(400)).contains("rate");
		assertThat(post("/actuator/throttling", "{\"rate\":\"1000.5\"}").assertProblem(400)).contains("max-rate");
		assertThat(post("/actuator/throttling", "{\"rate\":\"0x1p3\"}").assertProblem(400)).contains("rate");
		assertThat(post("/actuator/throttling", "{\"plan\":\"default\",\"limit\":\"\u0661\u0662\"}")
			.assertProblem(400)).contains("limit");
		assertThat(post("/actuator/throttling", "{\"plan\":\"default\",\"limit\":\"lots\"}").assertProblem(400))
			.contains("limit");
		assertThat(post("/actuator/throttling", "{\"plan\":\"default\",\"limit\":0}").assertProblem(400))
			.contains("limit");
		assertThat(post("/actuator/throttling", "{\"plan\":\"default\",\"limit\":5,\"window\":\"forever\"}")
			.assertProblem(400)).contains("window");
		assertThat(post("/actuator/throttling", "{\"plan\":\"default\",\"limit\":5,\"window\":\"99999999999999999d\"}")
			.assertProblem(400)).contains("window");
		assertThat(post("/actuator/throttling", "{\"plan\":\"nope\",\"limit\":5}").assertProblem(400))
			.contains("nope");
		assertThat(post("/actuator/throttling", "{\"plan\":\"default\",\"limit\":500}").status()).isEqualTo(200);
	}

	@Test
	void workersRefuseUnknownAndMalformedTaskIds() {
		assertThat(this.http.get("/actuator/workers/nope").assertProblem(404)).contains("'nope'");
		assertThat(delete("/actuator/workers/nope").assertProblem(404)).contains("'nope'");
		assertThat(delete("/actuator/workers/" + "x".repeat(5000)).assertProblem(400)).contains("at most 4096");
		assertThat(this.http.get("/actuator/workers").status()).isEqualTo(200);
	}

	@Test
	void alertsIgnoreStrayParametersAndRefuseWrites() {
		assertThat(this.http.get("/actuator/alerts?limit=-1&lastN=99999999999").status()).isEqualTo(200);
		assertThat(post("/actuator/alerts", "{}").status()).isEqualTo(405);
		assertThat(this.http.get("/actuator/alerts/nope").status()).isEqualTo(404);
	}

	private EndpointWebClient.Response delete(String path) {
		return this.http.exchange(HttpMethod.DELETE, path, null);
	}

	private EndpointWebClient.Response post(String path, String body) {
		return this.http.exchange(HttpMethod.POST, path, body);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class HostileInputApplication {

	}

}
