package dev.perfkit.actuate;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain HTTP calls to a running application's endpoints, with the status, content type and body of every answer.
 */
final class EndpointWebClient {

	private static final JsonMapper json = JsonMapper.shared();

	private final RestClient client = RestClient.create();

	private final int port;

	EndpointWebClient(int port) {
		this.port = port;
	}

	Response get(String path) {
		return exchange(HttpMethod.GET, path, null);
	}

	Response exchange(HttpMethod method, String path, String body) {
		RestClient.RequestBodySpec request = this.client.method(method)
			.uri(URI.create("http://localhost:" + this.port + path));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchangeForRequiredValue((req, res) -> new Response(res.getStatusCode().value(),
				String.valueOf(res.getHeaders().getContentType()),
				new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	record Response(int status, String contentType, String body) {

		JsonNode json() {
			return EndpointWebClient.json.readTree(this.body);
		}

		/** Asserts an RFC 9457 problem answer with the status and returns its detail. */
		String assertProblem(int expectedStatus) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(this.contentType).startsWith("application/problem+json");
			JsonNode problem = json();
			assertThat(problem.path("type").asString()).isEqualTo("about:blank");
			assertThat(problem.path("title").asString()).isNotBlank();
			assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
			assertThat(problem.path("detail").asString()).isNotBlank();
			return problem.path("detail").asString();
		}

	}

}
