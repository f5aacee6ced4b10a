package dev.perfkit.sample;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Base of the tests that run the whole application on a random port. Every subclass has the same configuration, so
 * they share one application context and one SQLite file, fresh for each test run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class SampleApplicationTestSupport {

	private static final Path DATABASE_FILE = Path.of("target", "test-databases", UUID.randomUUID().toString(),
			"catalog.db").toAbsolutePath();

	private static final JsonMapper jsonMapper = JsonMapper.shared();

	private final RestClient client = RestClient.create();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("sample.database-file", DATABASE_FILE::toString);
	}

	Response get(String pathAndQuery) {
		return exchange(HttpMethod.GET, pathAndQuery);
	}

	Response put(String pathAndQuery) {
		return exchange(HttpMethod.PUT, pathAndQuery);
	}

	Response delete(String pathAndQuery) {
		return exchange(HttpMethod.DELETE, pathAndQuery);
	}

	private Response exchange(HttpMethod method, String pathAndQuery) {
		// A URI rather than a template, so that the query is sent exactly as written.
		URI uri = URI.create("http://localhost:" + this.port + pathAndQuery);
		return this.client.method(method)
			.uri(uri)
			.exchangeForRequiredValue((request, response) -> new Response(response.getStatusCode().value(),
					response.getHeaders().getContentType(),
					new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	/**
	 * A response of the application under test.
	 */
	record Response(int status, @Nullable MediaType contentType, String body) {

		JsonNode json() {
			return jsonMapper.readTree(this.body);
		}

		boolean isProblem() {
			return MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(this.contentType);
		}

	}

}
