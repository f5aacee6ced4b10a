package dev.perfkit.sample;

import org.springframework.boot.SpringApplication;

/**
 * Starts the sample application against PostgreSQL and Redis in containers, for developers with Docker:
 * {@code ./mvnw -pl sample-app spring-boot:test-run}. The schema and the seed data are the same as on SQLite.
 */
public class TestSampleApplication {

	/**
	 * Starts the application with PostgreSQL and Redis containers and the {@code redis} profile.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main)
			.with(ContainersConfiguration.class)
			.withAdditionalProfiles("redis")
			.run(args);
	}

}
