package org.springframework.samples.petclinic;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.jpa.properties.hibernate.generate_statistics=true",
				"perfkit.cache.sqlite.path=target/test-caches/clinic-api.db" })
class ClinicApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	private final RestClient client = RestClient.create();

	@Test
	void lazyRouteRunsOneQueryPerOwnerAndJoinedRouteDoesNot() {
		Statistics statistics = this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		statistics.clear();
		JsonNode lazy = get("/api/owners/lazy?page=0&size=5");
		long lazyStatements = statistics.getPrepareStatementCount();
		statistics.clear();
		JsonNode joined = get("/api/owners/joined?page=0&size=5");
		long joinedStatements = statistics.getPrepareStatementCount();
		assertThat(lazy).isEqualTo(joined);
		assertThat(lazy.path("content")).hasSize(5);
		assertThat(lazy.path("page").path("totalElements").asInt()).isEqualTo(20);
		// page + count + one pets query per owner, against page + count + one fetch join
		assertThat(lazyStatements).isEqualTo(7);
		assertThat(joinedStatements).isEqualTo(3);
	}

	@Test
	void vetRoutesAnswer() {
		assertThat(get("/api/vets")).hasSize(6);
		assertThat(get("/api/vets/page?page=1&size=4").path("content")).hasSize(2);
		assertThat(get("/api/specialties")).hasSize(3);
		assertThat(get("/api/vets/statistics").path("vets").asInt()).isEqualTo(6);
		assertThat(get("/api/vets/by-last-name/Carter").path("name").asString()).isEqualTo("James Carter");
		assertThat(get("/api/owners/1").path("pets")).isNotEmpty();
	}

	private JsonNode get(String path) {
		String body = this.client.get().uri("http://localhost:" + this.port + path).retrieve().body(String.class);
		return JsonMapper.shared().readTree(body);
	}

}
