package org.springframework.samples.perfkit.clinic;

import java.util.List;

import dev.perfkit.profiler.FingerprintStatistics;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements of a Spring Data JPA application whose package is under {@code org.springframework.*} are attributed to
 * its own service methods, never to Spring, Hibernate or Perfkit frames.
 */
@SpringBootTest(classes = ClinicApplication.class,
		properties = { "spring.datasource.url=jdbc:h2:mem:clinic-attribution;DB_CLOSE_DELAY=-1",
				"perfkit.profiler.capture-stack-trace=always", "perfkit.cache.redis.enabled=false",
				"perfkit.cache.sqlite.enabled=false" })
class ClinicAttributionTests {

	private static final String SERVICE = ClinicService.class.getName();

	@Autowired
	ClinicData data;

	@Autowired
	ClinicService clinic;

	@Autowired
	QueryProfiler profiler;

	@BeforeEach
	void seed() {
		this.data.seed();
		this.profiler.reset();
	}

	@Test
	void topCallerIsTheApplicationsServiceMethod() {
		assertThat(this.clinic.petsNamed("Leo1")).isEqualTo(1);
		FingerprintStatistics pets = statementsOn("pets");
		assertThat(pets.topCaller()).startsWith(SERVICE + ".petsNamed(");
	}

	@Test
	void stacksHoldTheApplicationsFramesWhenAlwaysCaptured() {
		this.clinic.petsNamed("Max2");
		QueryRecord record = this.profiler.history(10)
			.stream()
			.filter((query) -> query.getTables().contains("pets"))
			.findFirst()
			.orElseThrow();
		List<String> stack = record.getStackTrace();
		assertThat(stack).isNotEmpty();
		assertThat(stack.get(0)).startsWith(SERVICE + ".petsNamed(");
		assertThat(stack).allMatch((frame) -> frame.startsWith("org.springframework.samples.perfkit.clinic."));
	}

	@Test
	void aCachedMethodIsTheCallerNotPerfkitsCacheInterceptor() {
		this.clinic.ownersNamed("Davis");
		FingerprintStatistics owners = statementsOn("owners");
		assertThat(owners.topCaller()).startsWith(SERVICE + ".ownersNamed(").doesNotContain("dev.perfkit");
	}

	private FingerprintStatistics statementsOn(String table) {
		return this.profiler.fingerprints("calls", 100)
			.stream()
			.filter((fingerprint) -> fingerprint.tables().contains(table))
			.findFirst()
			.orElseThrow();
	}

}
