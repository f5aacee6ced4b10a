package org.springframework.samples.perfkit.clinic;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import dev.perfkit.profiler.FingerprintStatistics;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.health.ProfilerHealthIndicator;
import dev.perfkit.test.PostgresDatabase;
import dev.perfkit.test.PostgresLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The clinic on PostgreSQL with Hibernate's batch fetching ({@code = any (?)}, an array parameter): parameters and
 * plans of array statements, plans that cannot be captured, and index hints that are true.
 */
@SpringBootTest(classes = ClinicApplication.class,
		properties = { "spring.jpa.hibernate.ddl-auto=create-drop",
				"spring.jpa.properties.hibernate.default_batch_fetch_size=16", "perfkit.cache.redis.enabled=false",
				"perfkit.cache.sqlite.enabled=false", "perfkit.profiler.slow-query-threshold=1ns",
				"perfkit.profiler.capture-parameters=always", "perfkit.profiler.explain.enabled=true",
				"perfkit.profiler.explain.threshold=0ms", "perfkit.profiler.explain.interval=1ns",
				// plans as on small tables: the planner scans even where an index exists, so hints must be true
				"spring.datasource.hikari.connection-init-sql=SET enable_indexscan = off; SET enable_bitmapscan = off;"
						+ " SET enable_indexonlyscan = off" })
class ClinicPostgresTests {

	private static final String SCHEMA = "clinic_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final PostgresDatabase database = PostgresLocator.locate();

	@Autowired
	ClinicData data;

	@Autowired
	ClinicService clinic;

	@Autowired
	QueryProfiler profiler;

	@Autowired
	ProfilerHealthIndicator health;

	@Autowired
	DataSource dataSource;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + SCHEMA);
		}
		String url = database.jdbcUrl();
		registry.add("spring.datasource.url",
				() -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
	}

	@AfterAll
	static void dropSchema() throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
	}

	@BeforeEach
	void seed() {
		this.data.seed();
		this.profiler.reset();
	}

	@Test
	void batchFetchWithAnArrayParameterShowsItsParametersAndPlan() {
		assertThat(this.clinic.specialtiesOfVets()).hasSize(6);
		QueryRecord batch = explained("vet_specialties");
		assertThat(batch.getSql().toLowerCase(Locale.ROOT)).contains("any (?)");
		assertThat(batch.getParameters()).singleElement().asString().contains("1").contains("6").doesNotContain("@");
		assertThat(batch.getPlan()).isNotBlank();
		assertThat(this.profiler.statistics().profilerFailures()).isZero();
		assertThat(this.profiler.statistics().unexplainedStatements()).isZero();
	}

	@Test
	void arrayParametersOfSensitiveColumnsAreMasked() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE IF NOT EXISTS api_clients (id INT PRIMARY KEY, api_token VARCHAR(40))");
		jdbc.execute((ConnectionCallback<Integer>) (connection) -> {
			try (var statement = connection.prepareStatement("SELECT id FROM api_clients WHERE api_token = any (?)")) {
				statement.setArray(1, connection.createArrayOf("varchar", new Object[] { "tok-1", "tok-2" }));
				statement.executeQuery().close();
			}
			return 0;
		});
		QueryRecord record = this.profiler.history(10)
			.stream()
			.filter((query) -> query.getTables().contains("api_clients"))
			.findFirst()
			.orElseThrow();
		assertThat(record.getParameters()).containsExactly("*****");
	}

	@Test
	void aStatementThatCannotBeExplainedIsNotAProfilerFailure() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute((ConnectionCallback<Integer>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				// a temporary table exists on its own connection only: the plan's connection cannot see it
				statement.execute("CREATE TEMPORARY TABLE visit_scratch (id INT)");
				statement.executeQuery("SELECT id FROM visit_scratch").close();
				statement.execute("DROP TABLE visit_scratch");
			}
			return 0;
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> this.profiler.statistics().unexplainedStatements() > 0);
		assertThat(this.profiler.statistics().profilerFailures()).isZero();
		Health health = this.health.health(true);
		assertThat((Long) health.getDetails().get("unexplainedStatements")).isPositive();
		assertThat((List<?>) health.getDetails().get("issues")).noneMatch((issue) -> issue.toString().contains("failure"));
	}

	@Test
	void noIndexHintForThePrimaryKey() {
		this.clinic.ownerName(1);
		QueryRecord byId = explained("owners");
		assertThat(byId.getPlan()).contains("Seq Scan on owners");
		assertThat(byId.getIndexHint()).isNull();
	}

	@Test
	void noIndexHintForAColumnAnExistingIndexLeadsWith() {
		this.clinic.ownersNamed("Davis");
		QueryRecord byLastName = explained("owners");
		assertThat(byLastName.getPlan()).contains("Seq Scan on owners");
		assertThat(byLastName.getIndexHint()).isNull();
	}

	@Test
	void noIndexHintForAnUnfilteredPagedRead() {
		this.clinic.petsOfOwnersLazily(0);
		QueryRecord page = explained("owners");
		assertThat(page.getPlan()).contains("Seq Scan on owners");
		assertThat(page.getIndexHint()).isNull();
	}

	@Test
	void noIndexHintForJoinColumnsOrColumnsOfAnotherTable() {
		this.clinic.specialtiesOfVets();
		QueryRecord batch = explained("vet_specialties");
		// the batch joins specialties on s1_1.id = s1_0.specialty_id and filters vet_specialties on vet_id = any (?):
		// only vet_id of vet_specialties may be hinted, and only when no index of that table leads with it
		Integer indexes = new JdbcTemplate(this.dataSource).queryForObject(
				"SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND tablename = 'vet_specialties'"
						+ " AND indexdef LIKE '%(vet_id%'",
				Integer.class, SCHEMA);
		String expected = (indexes > 0) ? null : "full scan of vet_specialties: consider an index on (vet_id)";
		assertThat(batch.getIndexHint()).isEqualTo(expected);
		FingerprintStatistics fingerprint = this.profiler.fingerprint(batch.getFingerprint());
		assertThat(fingerprint).isNotNull();
		assertThat(fingerprint.indexHint()).isEqualTo(expected);
	}

	@Test
	void indexHintForAFilteredColumnWithoutAnIndex() {
		this.clinic.petsNamed("Leo1");
		QueryRecord byName = explained("pets");
		assertThat(byName.getPlan()).contains("Seq Scan on pets");
		assertThat(byName.getIndexHint()).isEqualTo("full scan of pets: consider an index on (name)");
	}

	/** The first SELECT on a table, once its plan (or its failure to be planned) is in. */
	private QueryRecord explained(String table) {
		List<QueryRecord> newestFirst = this.profiler.history(100);
		QueryRecord record = null;
		for (QueryRecord query : newestFirst) {
			if (query.getTables().contains(table) && query.getSql().toLowerCase(Locale.ROOT).startsWith("select")) {
				record = query;
			}
		}
		assertThat(record).isNotNull();
		QueryRecord oldest = record;
		await().atMost(Duration.ofSeconds(30)).until(() -> oldest.getPlan() != null);
		return oldest;
	}

}
