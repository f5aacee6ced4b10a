package dev.perfkit.profiler.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.FingerprintStatistics;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.ProfilerStatistics;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.SqlOperation;
import dev.perfkit.test.PostgresDatabase;
import dev.perfkit.test.PostgresLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A known workload mixing plain, prepared, batch and failing statements, through HikariCP on a SQLite file and on
 * PostgreSQL: every count, operation, table, row and fingerprint is checked exactly.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProfilingDataSourceWorkloadTests {

	private static final String SECRET = "hunter2-" + UUID.randomUUID();

	@TempDir
	Path folder;

	@Test
	void recordsMixedWorkloadExactlyOnSqliteFile(CapturedOutput output) throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:sqlite:" + this.folder.resolve("workload.db"));
		config.setMaximumPoolSize(2);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			verifyWorkload(pool, "w" + suffix(), output);
		}
	}

	@Test
	void recordsMixedWorkloadExactlyOnPostgres(CapturedOutput output) throws Exception {
		PostgresDatabase database = PostgresLocator.locate();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.jdbcUrl());
		config.setUsername(database.username());
		config.setPassword(database.password());
		config.setMaximumPoolSize(2);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			String table = "w" + suffix();
			try {
				verifyWorkload(pool, table, output);
			}
			finally {
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("DROP TABLE IF EXISTS " + table);
					statement.execute("DROP TABLE IF EXISTS " + table + "_users");
				}
			}
		}
	}

	private static String suffix() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
	}

	private void verifyWorkload(HikariDataSource pool, String table, CapturedOutput output) throws Exception {
		ProfilerSettings settings = new ProfilerSettings(Duration.ofMinutes(10), 1000, 100, CaptureMode.SLOW,
				CaptureMode.ALWAYS, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10);
		QueryProfiler profiler = new QueryProfiler(settings, List.of());
		ProfilingDataSource dataSource = new ProfilingDataSource(pool, "catalog", profiler);
		assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(pool);
		assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
		String users = table + "_users";
		try (Connection connection = dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				// 2 x OTHER
				statement.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name VARCHAR(40))");
				statement.execute("CREATE TABLE " + users + " (name VARCHAR(40), password VARCHAR(80))");
				// 3 x plain INSERT, one fingerprint, 3 rows
				for (int i = 1; i <= 3; i++) {
					assertThat(statement.executeUpdate(
							"INSERT INTO " + table + " (id, name) VALUES (" + i + ", 'plain-" + i + "')"))
						.isEqualTo(1);
				}
			}
			// 1 x prepared batch INSERT of 50 rows
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
				for (int i = 100; i < 150; i++) {
					insert.setInt(1, i);
					insert.setString(2, "batch-" + i);
					insert.addBatch();
				}
				assertThat(insert.executeBatch()).hasSize(50);
			}
			// 2 x prepared SELECT, 53 + 3 rows read
			try (PreparedStatement select = connection
				.prepareStatement("SELECT id, name FROM " + table + " WHERE id > ? ORDER BY id")) {
				select.setInt(1, 0);
				assertThat(count(select.executeQuery())).isEqualTo(53);
				select.setInt(1, 140);
				ResultSet partial = select.executeQuery();
				assertThat(count(partial)).isEqualTo(9);
			}
			// 1 x prepared UPDATE of 10 rows
			try (PreparedStatement update = connection
				.prepareStatement("UPDATE " + table + " SET name = ? WHERE id >= ? AND id < ?")) {
				update.setString(1, "renamed");
				update.setInt(2, 100);
				update.setInt(3, 110);
				assertThat(update.executeUpdate()).isEqualTo(10);
			}
			// 1 x prepared INSERT with a password parameter
			try (PreparedStatement insertUser = connection
				.prepareStatement("INSERT INTO " + users + " (name, password) VALUES (?, ?)")) {
				insertUser.setString(1, "alice");
				insertUser.setString(2, SECRET);
				insertUser.executeUpdate();
			}
			try (Statement statement = connection.createStatement()) {
				// 1 x plain DELETE of 3 rows
				assertThat(statement.executeUpdate("DELETE FROM " + table + " WHERE id IN (1, 2, 3)")).isEqualTo(3);
				// 1 x failing SELECT
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.executeQuery("SELECT * FROM " + table + "_missing WHERE id = 1"));
			}
			// 1 x failing batch INSERT (duplicate key) of 2 statements
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
				insert.setInt(1, 100);
				insert.setString(2, "duplicate");
				insert.addBatch();
				insert.setInt(1, 100);
				insert.setString(2, "duplicate");
				insert.addBatch();
				assertThatExceptionOfType(SQLException.class).isThrownBy(insert::executeBatch);
			}
		}
		ProfilerStatistics statistics = profiler.statistics();
		assertThat(statistics.totalQueries()).isEqualTo(13);
		// the threshold is 10 minutes: nothing in this workload is slow, batches included
		assertThat(statistics.slowQueries()).isZero();
		assertThat(statistics.maxMs()).isLessThan(Duration.ofMinutes(10).toMillis());
		assertThat(statistics.errors()).isEqualTo(2);
		assertThat(statistics.queriesByOperation()).containsEntry("OTHER", 2L)
			.containsEntry("INSERT", 6L)
			.containsEntry("SELECT", 3L)
			.containsEntry("UPDATE", 1L)
			.containsEntry("DELETE", 1L);
		assertThat(statistics.queriesByTable()).containsEntry(table, 10L)
			.containsEntry(users, 2L)
			.containsEntry(table + "_missing", 1L);
		assertThat(statistics.profilerFailures()).isZero();

		FingerprintStatistics inserts = profiler
			.fingerprint("INSERT INTO " + table + "(id, name) VALUES (?, ?)");
		assertThat(inserts).isNotNull();
		// 3 plain + 1 batch + 1 failed batch, one fingerprint
		assertThat(inserts.calls()).isEqualTo(5);
		assertThat(inserts.errors()).isEqualTo(1);
		assertThat(inserts.operation()).isEqualTo(SqlOperation.INSERT);
		assertThat(inserts.tables()).containsExactly(table);
		assertThat(inserts.rows()).isGreaterThanOrEqualTo(53);
		FingerprintStatistics selects = profiler.fingerprint("SELECT id, name FROM " + table + " WHERE id > ? ORDER BY id");
		assertThat(selects).isNotNull();
		assertThat(selects.calls()).isEqualTo(2);
		assertThat(selects.rows()).isEqualTo(62);
		assertThat(selects.minMs()).isLessThanOrEqualTo(selects.p50Ms());
		assertThat(selects.p99Ms()).isLessThanOrEqualTo(selects.maxMs());
		FingerprintStatistics deletes = profiler.fingerprint("DELETE FROM " + table + " WHERE id IN (?)");
		assertThat(deletes).isNotNull();
		assertThat(deletes.rows()).isEqualTo(3);
		FingerprintStatistics updates = profiler
			.fingerprint("UPDATE " + table + " SET name = ? WHERE id >= ? AND id < ?");
		assertThat(updates).isNotNull();
		assertThat(updates.rows()).isEqualTo(10);

		List<QueryRecord> history = profiler.history(100);
		assertThat(history).hasSize(13);
		QueryRecord batch = history.stream().filter((record) -> record.getBatchSize() == 50).findFirst().orElseThrow();
		assertThat(batch.getRows()).isEqualTo(50);
		assertThat(batch.getDataSource()).isEqualTo("catalog");
		assertThat(batch.getOutcome()).isEqualTo("success");
		QueryRecord failed = history.get(0);
		assertThat(failed.getOutcome()).isEqualTo("error");
		assertThat(failed.getBatchSize()).isEqualTo(2);
		QueryRecord user = history.stream()
			.filter((record) -> record.getTables().contains(users) && record.getOperation() == SqlOperation.INSERT)
			.findFirst()
			.orElseThrow();
		assertThat(user.getParameters()).containsExactly("alice", "*****");
		assertThat(profiler.query(user.getId())).isSameAs(user);
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	private static int count(ResultSet resultSet) throws SQLException {
		int rows = 0;
		try (resultSet) {
			while (resultSet.next()) {
				rows++;
			}
		}
		return rows;
	}

}
