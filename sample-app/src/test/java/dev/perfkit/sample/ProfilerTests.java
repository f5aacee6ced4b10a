package dev.perfkit.sample;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL profiler on the sample application: the N+1 endpoint is flagged, its joined twin is not, and the slow
 * search shows up among slow queries.
 */
class ProfilerTests extends SampleApplicationTestSupport {

	@Test
	void nPlusOneEndpointIsFlaggedAndItsJoinedTwinIsNot() {
		assertThat(get("/api/orders/recent-joined?limit=20").status()).isEqualTo(200);
		assertThat(incidentsFor("GET /api/orders/recent-joined")).isZero();
		long before = incidentsFor("GET /api/orders/recent");
		assertThat(get("/api/orders/recent?limit=20").status()).isEqualTo(200);
		assertThat(incidentsFor("GET /api/orders/recent")).isEqualTo(before + 1);
		assertThat(incidentsFor("GET /api/orders/recent-joined")).isZero();
	}

	@Test
	void slowSearchShowsUpAmongSlowQueries() {
		assertThat(get("/api/products/search?q=a&limit=5").status()).isEqualTo(200);
		JsonNode slow = get("/actuator/profiler/slow-queries?limit=50").json().path("queries");
		boolean found = false;
		for (JsonNode query : slow) {
			if (query.path("sql").asString().contains("LIKE") && query.path("tables").toString().contains("product")) {
				found = true;
				assertThat(query.path("stackTrace").toString()).contains("dev.perfkit.sample");
			}
		}
		assertThat(found).as("slow search in %s", slow).isTrue();
	}

	private long incidentsFor(String scope) {
		JsonNode incidents = get("/actuator/profiler/n-plus-one").json().path("incidents");
		long count = 0;
		for (JsonNode incident : incidents) {
			if (incident.path("scope").asString().equals(scope)) {
				count++;
			}
		}
		return count;
	}

}
