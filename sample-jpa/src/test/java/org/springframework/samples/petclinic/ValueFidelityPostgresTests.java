package org.springframework.samples.petclinic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.perfkit.test.PostgresDatabase;
import dev.perfkit.test.PostgresLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value-fidelity corpus on PostgreSQL (the sample's {@code postgres} profile, in a schema of its own): the
 * entities, pages and records Hibernate builds from PostgreSQL's rows fare exactly as on H2, so the table in
 * docs/layered-cache.md holds for both.
 */
@SpringBootTest
@ActiveProfiles("postgres")
@Import(ValueFidelityTestSupport.Corpus.class)
class ValueFidelityPostgresTests extends ValueFidelityTestSupport {

	private static final String SCHEMA = "fidelity_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

	private static final PostgresDatabase database = PostgresLocator.locate();

	private static final String PREFIX = keyPrefix("postgres");

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
		registry.add("spring.jpa.properties.hibernate.default_schema", () -> SCHEMA);
		registry.add("perfkit.cache.redis.key-prefix", () -> PREFIX);
	}

	@AfterAll
	static void dropSchema() throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
	}

	@Override
	String database() {
		return "PostgreSQL";
	}

	@Override
	void writeTable(String table) {
		try {
			Path target = Path.of("target", "value-fidelity-postgres.md");
			Files.writeString(target, table, StandardCharsets.UTF_8);
			String page = Files.readString(Path.of("..", "docs", "layered-cache.md"), StandardCharsets.UTF_8);
			assertThat(page).as("PostgreSQL gives the table docs/layered-cache.md shows for H2 (see " + target + ")")
				.contains(table);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
