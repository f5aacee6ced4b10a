package dev.perfkit.profiler.explain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import dev.perfkit.test.Latencies;
import dev.perfkit.test.PostgresDatabase;
import dev.perfkit.test.PostgresLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The profiler's plan capture while PostgreSQL refuses new connections: on a database the test creates,
 * {@code ALLOW_CONNECTIONS false} (which binds superusers too) and every backend but the caller's terminated, so the
 * capturer's connection from the application's own pool fails while the caller's statements go on.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlanCapturerFaultTests {

	private static final int CALLS = 100;

	@Test
	void explainsFailingWhilePostgresRefusesConnectionsNeverReachTheCallerAndResumeAfterwards(CapturedOutput output)
			throws Exception {
		PostgresDatabase server = PostgresLocator.locate();
		String name = "perfkit_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection admin = server.connect(); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
			try {
				int incidentStart = run(server, name, statement, output);
				// one warning for the incident, not one per failed plan, and one line when plans come back; only
				// the incident's own output counts: on a loaded machine a plan may already fail before it, waiting
				// for the pool's first connection, and that is an incident of its own
				String incident = output.getOut().substring(incidentStart);
				assertThat(incident.split("Could not capture the plan of a slow query", -1)).hasSize(2);
				assertThat(incident).contains("Query plans are captured again");
			}
			finally {
				statement.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
				statement.execute("DROP DATABASE " + name + " WITH (FORCE)");
			}
		}
	}

	/** @return where the incident's output starts in {@code output} */
	private int run(PostgresDatabase server, String name, Statement admin, CapturedOutput output) throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
		config.setUsername(server.username());
		config.setPassword(server.password());
		config.setMaximumPoolSize(2);
		config.setConnectionTimeout(1000);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			AtomicReference<QueryProfiler> profilerRef = new AtomicReference<>();
			PlanCapturer capturer = new PlanCapturer(profilerRef::get, (dataSource) -> pool, Duration.ZERO,
					Duration.ZERO);
			QueryProfiler profiler = new QueryProfiler(new ProfilerSettings(Duration.ofNanos(1), 100, 100,
					CaptureMode.SLOW, CaptureMode.SLOW, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10),
					List.of(capturer));
			profilerRef.set(profiler);
			ProfilingDataSource dataSource = new ProfilingDataSource(pool, "faults", profiler);
			try (Connection caller = dataSource.getConnection()) {
				try (Statement statement = caller.createStatement()) {
					statement.execute("CREATE TABLE items (id INT, name VARCHAR(40))");
					statement.execute("INSERT INTO items SELECT i, 'item-' || i FROM generate_series(1, 1000) i");
				}
				Latencies before = select(caller);
				await().atMost(Duration.ofSeconds(30)).until(() -> capturer.getCaptured() > 0);
				int pid;
				try (Statement statement = caller.createStatement();
						ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
					rows.next();
					pid = rows.getInt(1);
				}
				// plans queued before the incident run first, so that a failure from now on is the incident's
				await().atMost(Duration.ofSeconds(30)).until(() -> capturer.getCaptured() + capturer.getFailed()
						+ capturer.getDropped() >= CALLS);
				int incidentStart = output.getOut().length();
				admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
				admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
						+ "' AND pid <> " + pid);
				long failedBefore = capturer.getFailed();
				Latencies refusing = select(caller);
				await().atMost(Duration.ofSeconds(30)).until(() -> capturer.getFailed() > failedBefore);
				admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
				long capturedBefore = capturer.getCaptured();
				long start = System.nanoTime();
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					select(caller, 1);
					return capturer.getCaptured() > capturedBefore;
				});
				System.out.println(before.summary("Slow SELECTs with plan capture, PostgreSQL accepting connections"));
				System.out.println(refusing.summary("Slow SELECTs with plan capture, PostgreSQL refusing connections"));
				System.out.printf(Locale.ROOT,
						"  plans failed %d, dropped %d (queue full), captured again %d ms after connections were "
								+ "allowed%n",
						capturer.getFailed(), capturer.getDropped(),
						Duration.ofNanos(System.nanoTime() - start).toMillis());
				return incidentStart;
			}
			finally {
				capturer.destroy();
			}
		}
	}

	/** Runs the slow statement 100 times on the caller's connection, within 30 s; returns their durations. */
	private static Latencies select(Connection caller) {
		Latencies latencies = new Latencies(CALLS);
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			for (int i = 0; i < CALLS; i++) {
				int id = i + 1;
				latencies.time(() -> select(caller, id));
			}
		});
		return latencies;
	}

	private static void select(Connection caller, int id) {
		try (PreparedStatement select = caller.prepareStatement("SELECT id FROM items WHERE name = ?")) {
			select.setString(1, "item-" + id);
			try (ResultSet rows = select.executeQuery()) {
				assertThat(rows.next()).isTrue();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
