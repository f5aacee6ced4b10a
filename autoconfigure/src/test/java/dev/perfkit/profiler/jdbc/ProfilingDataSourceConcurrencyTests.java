package dev.perfkit.profiler.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.FingerprintStatistics;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.ProfilerStatistics;
import dev.perfkit.profiler.QueryProfiler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 threads each run 10,000 statements through one HikariCP pool on H2: totals are exact and every structure stays
 * within its configured bound.
 */
class ProfilingDataSourceConcurrencyTests {

	private static final int THREADS = 16;

	private static final int STATEMENTS = 10_000;

	private static final int MAX_FINGERPRINTS = 20;

	private static final int MAX_HISTORY = 100;

	@Test
	void totalsAreExactAndMemoryStaysBoundedUnderSixteenThreads() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		config.setMaximumPoolSize(THREADS);
		ProfilerSettings settings = new ProfilerSettings(Duration.ofMinutes(10), MAX_HISTORY, MAX_FINGERPRINTS,
				CaptureMode.SLOW, CaptureMode.SLOW, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10);
		QueryProfiler profiler = new QueryProfiler(settings, List.of());
		try (HikariDataSource pool = new HikariDataSource(config)) {
			ProfilingDataSource dataSource = new ProfilingDataSource(pool, "dataSource", profiler);
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
				statement.execute("INSERT INTO items VALUES (1, 'one')");
			}
			ExecutorService executor = Executors.newFixedThreadPool(THREADS);
			try {
				List<Future<?>> futures = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					int thread = t;
					futures.add(executor.submit(() -> {
						try (Connection connection = dataSource.getConnection();
								PreparedStatement select = connection
									.prepareStatement("SELECT name FROM items WHERE id = ?");
								Statement statement = connection.createStatement()) {
							for (int i = 0; i < STATEMENTS; i++) {
								if (i % 2 == 0) {
									select.setInt(1, 1);
									try (ResultSet resultSet = select.executeQuery()) {
										while (resultSet.next()) {
											resultSet.getString(1);
										}
									}
								}
								else {
									// 50 distinct fingerprints, more than max-fingerprints
									try (ResultSet resultSet = statement
										.executeQuery("SELECT " + i + " AS c" + ((thread * 7 + i) % 50))) {
										resultSet.next();
									}
								}
							}
						}
						return null;
					}));
				}
				for (Future<?> future : futures) {
					future.get(5, TimeUnit.MINUTES);
				}
			}
			finally {
				executor.shutdownNow();
			}
		}
		ProfilerStatistics statistics = profiler.statistics();
		assertThat(statistics.totalQueries()).isEqualTo(2 + (long) THREADS * STATEMENTS);
		assertThat(statistics.queriesByOperation()).containsEntry("SELECT", (long) THREADS * STATEMENTS)
			.containsEntry("OTHER", 1L)
			.containsEntry("INSERT", 1L);
		assertThat(statistics.queriesByTable()).containsEntry("items", 1L + 1L + (long) THREADS * STATEMENTS / 2);
		assertThat(statistics.fingerprints()).isLessThanOrEqualTo(MAX_FINGERPRINTS);
		assertThat(statistics.evictedFingerprints()).isPositive();
		assertThat(statistics.profilerFailures()).isZero();
		FingerprintStatistics select = profiler.fingerprint("SELECT name FROM items WHERE id = ?");
		assertThat(select).isNotNull();
		assertThat(select.calls()).isEqualTo((long) THREADS * STATEMENTS / 2);
		assertThat(select.rows()).isEqualTo((long) THREADS * STATEMENTS / 2);
		assertThat(profiler.history(Integer.MAX_VALUE)).hasSize(MAX_HISTORY);
	}

}
