package dev.perfkit.profiler.actuate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.perfkit.profiler.QueryProfiler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of {@code /actuator/profiler} over HTTP, with the N+1 filter, the health contributor and the
 * Prometheus meters, on H2 through HikariCP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:profiler-web;DB_CLOSE_DELAY=-1",
				"management.endpoints.web.exposure.include=profiler,health,prometheus",
				"management.endpoint.profiler.access=unrestricted", "management.endpoint.health.show-details=always",
				"perfkit.profiler.slow-query-threshold=1ns", "perfkit.profiler.n-plus-one.threshold=5" })
@ExtendWith(OutputCaptureExtension.class)
class ProfilerEndpointWebTests {

	private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

	private static final JsonMapper json = JsonMapper.shared();

	private final RestClient client = RestClient.create();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	QueryProfiler profiler;

	@BeforeEach
	void workload() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS account (id INT PRIMARY KEY, name VARCHAR(40), password VARCHAR(80))");
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, account_id INT)");
		this.jdbc.update("MERGE INTO account KEY (id) VALUES (1, 'alice', 'x')");
		for (int i = 1; i <= 8; i++) {
			this.jdbc.update("MERGE INTO orders KEY (id) VALUES (?, 1)", i);
		}
		this.profiler.reset();
		this.profiler.setEnabled(true);
	}

	@Test
	void statsListTotalsByOperationAndTableWithProcessFacts() {
		this.jdbc.queryForList("SELECT id FROM orders WHERE account_id = ?", 1);
		this.jdbc.update("UPDATE account SET name = ? WHERE id = ?", "bob", 1);
		JsonNode stats = getJson("/actuator/profiler");
		assertThat(stats.path("profiler").path("totalQueries").asLong()).isEqualTo(2);
		assertThat(stats.path("profiler").path("queriesByOperation").path("SELECT").asLong()).isEqualTo(1);
		assertThat(stats.path("profiler").path("queriesByTable").path("account").asLong()).isEqualTo(1);
		assertThat(stats.path("profiler").path("slowQueryPercentage").asDouble()).isEqualTo(100.0);
		assertThat(stats.path("process").path("heapUsedBytes").asLong()).isPositive();
	}

	@Test
	void passwordParameterNeverAppearsInEndpointLogOrMeters(CapturedOutput output) {
		this.jdbc.update("UPDATE account SET password = ? WHERE id = ?", SECRET, 1);
		JsonNode slow = getJson("/actuator/profiler/slow-queries?limit=5");
		JsonNode query = slow.path("queries").get(0);
		assertThat(query.path("parameters").get(0).asString()).isEqualTo("*****");
		assertThat(query.path("parameters").get(1).asString()).isEqualTo("1");
		String id = query.path("id").asString();
		String single = get("/actuator/profiler/queries/" + id).body();
		assertThat(single).contains("*****").doesNotContain(SECRET);
		assertThat(get("/actuator/profiler/report").body()).doesNotContain(SECRET);
		assertThat(get("/actuator/prometheus").body()).doesNotContain(SECRET).contains("perfkit_db_query_seconds");
		assertThat(output.getAll()).contains("Slow query").doesNotContain(SECRET);
	}

	@Test
	void fingerprintsAggregateLiteralsAndSortByCalls() {
		for (int i = 1; i <= 3; i++) {
			this.jdbc.queryForList("SELECT id FROM orders WHERE id IN (" + i + ", " + (i + 1) + ")");
		}
		this.jdbc.queryForList("SELECT name FROM account WHERE id = 1");
		JsonNode fingerprints = getJson("/actuator/profiler/fingerprints?sort=calls&limit=1").path("fingerprints");
		assertThat(fingerprints).hasSize(1);
		assertThat(fingerprints.get(0).path("fingerprint").asString()).isEqualTo("SELECT id FROM orders WHERE id IN (?)");
		assertThat(fingerprints.get(0).path("calls").asLong()).isEqualTo(3);
		assertThat(fingerprints.get(0).path("topCaller").asString()).contains("ProfilerEndpointWebTests");
	}

	@Test
	void nPlusOneEndpointIsFlaggedAndItsJoinedTwinIsNot() {
		assertThat(get("/orders/joined").status()).isEqualTo(200);
		assertThat(getJson("/actuator/profiler/n-plus-one").path("total").asLong()).isZero();
		assertThat(get("/orders/n-plus-one").status()).isEqualTo(200);
		JsonNode nPlusOne = getJson("/actuator/profiler/n-plus-one");
		assertThat(nPlusOne.path("total").asLong()).isEqualTo(1);
		JsonNode incident = nPlusOne.path("incidents").get(0);
		assertThat(incident.path("scope").asString()).isEqualTo("GET /orders/n-plus-one");
		assertThat(incident.path("fingerprint").asString()).isEqualTo("SELECT name FROM account WHERE id = ?");
		assertThat(incident.path("executions").asInt()).isEqualTo(8);
		assertThat(incident.path("stackTrace").get(0).asString()).contains("OrdersController");
		assertThat(get("/actuator/prometheus").body()).contains("perfkit_db_n_plus_one_total 1.0");
		assertThat(getJson("/actuator/health").path("components").path("profiler").path("details").path("issues")
			.toString()).contains("N+1");
	}

	@Test
	void rejectsBadInputWith400AndUnknownRoutesWith404() {
		assertThat(get("/actuator/profiler/fingerprints?sort=bogus").status()).isEqualTo(400);
		assertThat(get("/actuator/profiler/slow-queries?threshold=soon").status()).isEqualTo(400);
		assertThat(get("/actuator/profiler/slow-queries?limit=-1").status()).isEqualTo(400);
		assertThat(get("/actuator/profiler/nothing").status()).isEqualTo(404);
		assertThat(get("/actuator/profiler/queries/999999").status()).isEqualTo(404);
	}

	@Test
	void slowQueriesFilterByThresholdAndReportListsRecentStatements() {
		this.jdbc.queryForList("SELECT id FROM orders");
		assertThat(getJson("/actuator/profiler/slow-queries?threshold=1h").path("queries")).isEmpty();
		assertThat(getJson("/actuator/profiler/slow-queries?threshold=0").path("queries")).hasSize(1);
		JsonNode report = getJson("/actuator/profiler/report?lastN=10");
		assertThat(report.path("recentQueries").asInt()).isEqualTo(1);
		assertThat(report.path("topSlowQueries")).hasSize(1);
	}

	@Test
	void postTogglesRecordingAndDeleteResets() {
		this.jdbc.queryForList("SELECT id FROM orders");
		assertThat(exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":false}").status()).isEqualTo(200);
		this.jdbc.queryForList("SELECT id FROM orders");
		assertThat(getJson("/actuator/profiler").path("profiler").path("enabled").asBoolean()).isFalse();
		assertThat(getJson("/actuator/profiler").path("profiler").path("totalQueries").asLong()).isEqualTo(1);
		assertThat(exchange(HttpMethod.DELETE, "/actuator/profiler", null).status()).isEqualTo(204);
		assertThat(getJson("/actuator/profiler").path("profiler").path("totalQueries").asLong()).isZero();
		exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":true}");
	}

	private JsonNode getJson(String path) {
		Response response = get(path);
		assertThat(response.status()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	private Response get(String path) {
		return exchange(HttpMethod.GET, path, null);
	}

	private Response exchange(HttpMethod method, String path, String body) {
		RestClient.RequestBodySpec request = this.client.method(method)
			.uri(URI.create("http://localhost:" + this.port + path));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchangeForRequiredValue((req, res) -> new Response(res.getStatusCode().value(),
				new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	record Response(int status, String body) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class OrdersController {

			private final JdbcTemplate jdbc;

			OrdersController(JdbcTemplate jdbc) {
				this.jdbc = jdbc;
			}

			@GetMapping("/orders/n-plus-one")
			List<String> nPlusOne() {
				return this.jdbc.queryForList("SELECT account_id FROM orders ORDER BY id", Integer.class)
					.stream()
					.map((account) -> this.jdbc.queryForObject("SELECT name FROM account WHERE id = ?", String.class,
							account))
					.toList();
			}

			@GetMapping("/orders/joined")
			List<String> joined() {
				return this.jdbc.queryForList(
						"SELECT a.name FROM orders o JOIN account a ON a.id = o.account_id ORDER BY o.id", String.class);
			}

		}

	}

}
