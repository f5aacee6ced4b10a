package org.springframework.samples.perfkit.clinic;

import java.util.List;

import dev.perfkit.profiler.NPlusOneIncident;
import dev.perfkit.profiler.QueryProfiler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default N+1 settings, a page of five owners whose pets Hibernate loads lazily is flagged, and its
 * fetch-join twin is not.
 */
@SpringBootTest(classes = ClinicApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:clinic-n-plus-one;DB_CLOSE_DELAY=-1",
				"perfkit.cache.redis.enabled=false", "perfkit.cache.sqlite.enabled=false" })
class ClinicNPlusOneTests {

	@LocalServerPort
	int port;

	@Autowired
	ClinicData data;

	@Autowired
	QueryProfiler profiler;

	@BeforeEach
	void seed() {
		this.data.seed();
		this.profiler.reset();
	}

	@Test
	void lazyLoadingOfAPageOfFiveIsAnNPlusOne() {
		assertThat(get("/owners/lazy/0")).hasSize(2 * ClinicService.PAGE_SIZE);
		List<NPlusOneIncident> incidents = this.profiler.nPlusOneIncidents();
		assertThat(incidents).singleElement().satisfies((incident) -> {
			assertThat(incident.scope()).isEqualTo("GET /owners/lazy/{page}");
			assertThat(incident.tables()).containsExactly("pets");
			assertThat(incident.executions()).isEqualTo(ClinicService.PAGE_SIZE);
			assertThat(incident.stackTrace()).first()
				.asString()
				.startsWith(ClinicService.class.getName() + ".petsOfOwnersLazily(");
		});
	}

	@Test
	void theFetchJoinTwinIsNot() {
		assertThat(get("/owners/fetch-join/0")).hasSize(2 * ClinicService.PAGE_SIZE);
		assertThat(this.profiler.nPlusOneIncidents()).isEmpty();
		assertThat(this.profiler.statistics().totalQueries()).isPositive();
	}

	private List<String> get(String path) {
		return RestClient.create("http://localhost:" + this.port)
			.get()
			.uri(path)
			.retrieve()
			.body(new ParameterizedTypeReference<List<String>>() {
			});
	}

}
