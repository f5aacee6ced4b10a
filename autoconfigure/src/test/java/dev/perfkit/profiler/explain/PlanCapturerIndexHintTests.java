package dev.perfkit.profiler.explain;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.SqlOperation;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Index hints that are true on SQLite and MariaDB, as {@code ClinicPostgresTests} shows them on PostgreSQL: on a plan
 * that is a full scan, a hint names only a filtered column of the scanned table that no index (nor the primary key)
 * leads with, and there is none for an unfiltered read. The scans of indexed columns are forced ({@code NOT INDEXED},
 * {@code IGNORE INDEX}) so that the plan is a full scan and only the catalog can tell that an index exists.
 */
class PlanCapturerIndexHintTests {

	@TempDir
	Path folder;

	@Test
	void sqliteHintsOnlyUnindexedFilteredColumnsOfTheScannedTable() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:sqlite:" + this.folder.resolve("hints.db"));
		verify(config, "NOT INDEXED", "SCAN");
	}

	@Test
	void mariaDbHintsOnlyUnindexedFilteredColumnsOfTheScannedTable() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/test");
		config.setUsername("root");
		config.setPassword("");
		verify(config, "IGNORE INDEX (PRIMARY, %s_last_name_idx)", "type=ALL");
	}

	private void verify(HikariConfig config, String forceScan, String scanFragment) throws Exception {
		config.setMaximumPoolSize(3);
		String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
		String owners = "owners_" + suffix;
		String pets = "pets_" + suffix;
		String force = forceScan.formatted(owners);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			AtomicReference<QueryProfiler> profilerRef = new AtomicReference<>();
			PlanCapturer capturer = new PlanCapturer(profilerRef::get, (name) -> pool, Duration.ZERO,
					Duration.ofMinutes(1));
			QueryProfiler profiler = new QueryProfiler(new ProfilerSettings(Duration.ofNanos(1), 100, 100,
					CaptureMode.SLOW, CaptureMode.SLOW, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10),
					List.of(capturer));
			profilerRef.set(profiler);
			ProfilingDataSource dataSource = new ProfilingDataSource(pool, "hints", profiler);
			try {
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("CREATE TABLE " + owners
							+ " (id INT PRIMARY KEY, last_name VARCHAR(40), city VARCHAR(40))");
					statement.execute("CREATE INDEX " + owners + "_last_name_idx ON " + owners + " (last_name)");
					statement.execute("CREATE TABLE " + pets + " (id INT PRIMARY KEY, owner_id INT, name VARCHAR(40))");
					statement.execute("INSERT INTO " + owners
							+ " VALUES (1, 'Davis', 'Madison'), (2, 'Black', 'Monona'), (3, 'Davis', 'Sun Prairie')");
					statement.execute("INSERT INTO " + pets + " VALUES (1, 1, 'Leo'), (2, 2, 'Basil'), (3, 3, 'Max')");
				}
				// a filtered column without an index: hinted
				QueryRecord byCity = explained(profiler, dataSource, capturer,
						"SELECT id FROM " + owners + " WHERE city = ?", "Monona");
				assertThat(byCity.getPlan()).contains(scanFragment);
				assertThat(byCity.getIndexHint()).isEqualTo("full scan of " + owners + ": consider an index on (city)");
				// the primary key and a column an index leads with, scanned all the same: no hint
				QueryRecord byId = explained(profiler, dataSource, capturer,
						"SELECT city FROM " + owners + " " + force + " WHERE id = ?", 2);
				assertThat(byId.getPlan()).contains(scanFragment);
				assertThat(byId.getIndexHint()).isNull();
				QueryRecord byLastName = explained(profiler, dataSource, capturer,
						"SELECT id FROM " + owners + " " + force + " WHERE last_name = ?", "Davis");
				assertThat(byLastName.getPlan()).contains(scanFragment);
				assertThat(byLastName.getIndexHint()).isNull();
				// an unfiltered read: no hint
				QueryRecord all = explained(profiler, dataSource, capturer,
						"SELECT id, city FROM " + owners + " LIMIT ?", 10);
				assertThat(all.getPlan()).contains(scanFragment);
				assertThat(all.getIndexHint()).isNull();
				// a join: never the join columns, never a column of the other table
				QueryRecord join = explained(profiler, dataSource, capturer, "SELECT p.name FROM " + pets + " p JOIN "
						+ owners + " o ON o.id = p.owner_id WHERE o.city = ?", "Madison");
				assertThat(join.getIndexHint()).isIn(null, "full scan of " + owners + ": consider an index on (city)");
				assertThat(capturer.getFailed()).isZero();
			}
			finally {
				capturer.destroy();
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("DROP TABLE " + pets);
					statement.execute("DROP TABLE " + owners);
				}
			}
		}
	}

	private static QueryRecord explained(QueryProfiler profiler, ProfilingDataSource dataSource, PlanCapturer capturer,
			String sql, Object parameter) throws Exception {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(sql)) {
			select.setObject(1, parameter);
			try (ResultSet resultSet = select.executeQuery()) {
				assertThat(resultSet.next()).as(sql).isTrue();
			}
		}
		QueryRecord record = profiler.history(100)
			.stream()
			.filter((query) -> query.getOperation() == SqlOperation.SELECT && query.getSql().equals(sql))
			.findFirst()
			.orElseThrow();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> record.getPlan() != null || capturer.getFailed() > 0);
		assertThat(record.getPlan()).as("plan of %s (failed plans: %s)", sql, capturer.getFailed()).isNotNull();
		return record;
	}

}
