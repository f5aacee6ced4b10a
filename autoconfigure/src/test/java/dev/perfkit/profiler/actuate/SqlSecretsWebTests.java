package dev.perfkit.profiler.actuate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.perfkit.profiler.QueryProfiler;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Secrets written into SQL, as string literals of several dialects, numbers, comments or parameters, on a real H2
 * database: none of them (nor a parameter of a column named in {@code sensitive-parameters}) appears in the profiler's endpoint, its meters or any log line, while the statements are
 * still profiled, fingerprinted and logged as slow.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sql-secrets;DB_CLOSE_DELAY=-1",
				"management.endpoints.web.exposure.include=profiler,prometheus,metrics",
				"perfkit.profiler.slow-query-threshold=1ns", "perfkit.profiler.capture-parameters=always",
				"perfkit.profiler.capture-stack-trace=always" })
@ExtendWith(OutputCaptureExtension.class)
class SqlSecretsWebTests {

	private static final String SECRET = "hunter2x" + UUID.randomUUID().toString().replace("-", "");

	private static final String SECRET_NUMBER = "4111111111111111";

	private final RestClient client = RestClient.create();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	QueryProfiler profiler;

	@Test
	void secretLiteralsNeverAppearInEndpointMetersOrLogs(CapturedOutput output) {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS vault (id BIGINT PRIMARY KEY, name VARCHAR(200), password VARCHAR(200))");
		this.profiler.reset();
		this.jdbc.update("INSERT INTO vault (id, name, password) VALUES (1, 'alice', '" + SECRET + "')");
		this.jdbc.update("INSERT INTO vault VALUES (2, '" + SECRET + "', 'x')");
		this.jdbc.update("UPDATE vault SET password = '" + SECRET + "' WHERE id = 1");
		this.jdbc.queryForList("SELECT id FROM vault WHERE name = '" + SECRET + "'");
		this.jdbc.queryForList("SELECT id FROM vault WHERE name = $$" + SECRET + "$$");
		this.jdbc.queryForList("SELECT id FROM vault WHERE id = " + SECRET_NUMBER);
		this.jdbc.queryForList("/* " + SECRET + " */ SELECT id FROM vault");
		this.jdbc.update("UPDATE vault SET password = ? WHERE id = ?", SECRET, 2);
		// the driver's own message quotes the statement and its values
		assertThatException().isThrownBy(() -> this.jdbc.update("INSERT INTO vault VALUES (1, 'dup', '" + SECRET + "')"));
		assertThatException()
			.isThrownBy(() -> this.jdbc.queryForList("SELECT id FROM vault WHERE name = 'O\\'" + SECRET + "'"));

		List<String> bodies = new ArrayList<>();
		JsonNode slow = JsonMapper.shared().readTree(get("/actuator/profiler/slow-queries?limit=100", bodies));
		assertThat(slow.path("queries").size()).isGreaterThanOrEqualTo(10);
		for (JsonNode query : slow.path("queries")) {
			get("/actuator/profiler/queries/" + query.path("id").asString(), bodies);
		}
		get("/actuator/profiler", bodies);
		get("/actuator/profiler/report?lastN=100", bodies);
		String fingerprints = get("/actuator/profiler/fingerprints?limit=100", bodies);
		get("/actuator/profiler/n-plus-one", bodies);
		get("/actuator/prometheus", bodies);
		get("/actuator/metrics/perfkit.db.query", bodies);
		assertThat(fingerprints).contains("UPDATE vault SET password = ? WHERE id = ?")
			.contains("SELECT id FROM vault WHERE name = ?")
			.contains("INSERT INTO vault VALUES (?, ?, ?)");
		assertThat(String.join("\n", bodies)).doesNotContain(SECRET).doesNotContain(SECRET_NUMBER);
		assertThat(output.getAll()).contains("Slow query").doesNotContain(SECRET).doesNotContain(SECRET_NUMBER);
		assertThat(slow.toString()).contains("JdbcSQLIntegrityConstraintViolationException (SQL state 23505");
	}

	private String get(String path, List<String> bodies) {
		String body = this.client.get()
			.uri(URI.create("http://localhost:" + this.port + path))
			.exchangeForRequiredValue((request, response) -> {
				assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
				return new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
			});
		bodies.add(body);
		return body;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SecretsApplication {

	}

}
