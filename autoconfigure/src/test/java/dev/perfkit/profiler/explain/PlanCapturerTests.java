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
import dev.perfkit.profiler.FingerprintStatistics;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.SqlOperation;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import dev.perfkit.test.PostgresDatabase;
import dev.perfkit.test.PostgresLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plans of slow SELECTs on every supported database, captured off the caller's thread, with full scans flagged.
 */
class PlanCapturerTests {

	@TempDir
	Path folder;

	@Test
	void capturesPostgresPlanAndFlagsSeqScan() throws Exception {
		PostgresDatabase database = PostgresLocator.locate();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.jdbcUrl());
		config.setUsername(database.username());
		config.setPassword(database.password());
		verify(config, "Seq Scan");
	}

	@Test
	void capturesMariaDbPlanAndFlagsTypeAll() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/test");
		config.setUsername("root");
		config.setPassword("");
		verify(config, "type=ALL");
	}

	@Test
	void capturesSqlitePlanAndFlagsScan() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:sqlite:" + this.folder.resolve("plans.db"));
		verify(config, "SCAN");
	}

	@Test
	void capturesH2PlanAndFlagsTableScan() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		verify(config, "tableScan");
	}

	private void verify(HikariConfig config, String planFragment) throws Exception {
		config.setMaximumPoolSize(3);
		String table = "plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			AtomicReference<QueryProfiler> profilerRef = new AtomicReference<>();
			PlanCapturer capturer = new PlanCapturer(profilerRef::get, (name) -> pool, Duration.ZERO,
					Duration.ofMinutes(1));
			QueryProfiler profiler = new QueryProfiler(new ProfilerSettings(Duration.ofNanos(1), 100, 100,
					CaptureMode.SLOW, CaptureMode.SLOW, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10),
					List.of(capturer));
			profilerRef.set(profiler);
			ProfilingDataSource dataSource = new ProfilingDataSource(pool, "plans", profiler);
			try {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("CREATE TABLE " + table + " (id INT, name VARCHAR(40))");
					statement.execute("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
				}
				try (Connection connection = dataSource.getConnection();
						PreparedStatement select = connection
							.prepareStatement("SELECT id FROM " + table + " WHERE name = ?")) {
					select.setString(1, "b");
					try (ResultSet resultSet = select.executeQuery()) {
						assertThat(resultSet.next()).isTrue();
					}
				}
				QueryRecord slow = profiler.history(10)
					.stream()
					.filter((record) -> record.getOperation() == SqlOperation.SELECT)
					.findFirst()
					.orElseThrow();
				await().atMost(Duration.ofSeconds(30)).until(() -> slow.getPlan() != null);
				assertThat(slow.getPlan()).contains(planFragment);
				assertThat(slow.getIndexHint()).contains(table).contains("(name)");
				assertThat(capturer.getCaptured()).isEqualTo(1);
				FingerprintStatistics fingerprint = profiler.fingerprint(slow.getFingerprint());
				assertThat(fingerprint).isNotNull();
				assertThat(fingerprint.indexHint()).isEqualTo(slow.getIndexHint());
				// the EXPLAIN itself ran on the unprofiled pool
				assertThat(profiler.statistics().totalQueries()).isEqualTo(3);
			}
			finally {
				capturer.destroy();
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("DROP TABLE " + table);
				}
			}
		}
	}

}
