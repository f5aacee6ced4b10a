package dev.perfkit.benchmarks.profiler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.p6spy.engine.spy.P6DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import dev.perfkit.profiler.observation.JdbcObservations;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One HikariCP pool per database, shared by every variant of the same run: the raw pool, Perfkit switched off,
 * Perfkit with its defaults, Perfkit capturing stacks and parameters of every statement, datasource-proxy with no
 * listener, p6spy with a no-op appender, and Perfkit's observations two ways:
 * <ul>
 * <li>hand-built ({@code perfkitObserved*}): a {@code ProfilingDataSource} given a bare {@code ObservationRegistry},
 * without handler or with Micrometer's meter handler alone. A lower bound of what an application pays: Boot's
 * registry has more handlers, filters and conventions;</li>
 * <li>as users get them ({@code boot*}): the pool is the {@code DataSource} bean of a Spring Boot application with
 * Perfkit's auto-configuration ({@link JdbcBenchmarkApplication}), wrapped by Perfkit's post-processor, observed
 * through Boot's {@code ObservationRegistry}: Perfkit's defaults without a tracer (observations off), observations
 * switched on without a tracer (Boot's default handlers only), and Micrometer Tracing's Brave bridge auto-configured
 * by Boot, every span sampled and dropped.</li>
 * </ul>
 * Four statements: a point select, a 100-row select, an update and a 50-row batch insert.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class JdbcProfilerBenchmark {

	@Param({ "h2", "postgres" })
	public String database;

	@Param({ "raw", "perfkitOff", "perfkit", "perfkitCaptureAll", "perfkitObservedNoHandler", "perfkitObservedMeterHandler",
			"bootPerfkit", "bootObservedNoTracer", "bootTracedBrave", "datasourceProxy", "p6spy" })
	public String variant;

	private HikariDataSource pool;

	private ConfigurableApplicationContext context;

	private DataSource dataSource;

	private Connection connection;

	private PreparedStatement pointSelect;

	private PreparedStatement rangeSelect;

	private PreparedStatement update;

	private PreparedStatement insert;

	private String table;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws SQLException {
		System.setProperty("p6spy.config.appender", NoOpP6Logger.class.getName());
		System.setProperty("p6spy.config.autoflush", "false");
		HikariConfig config = new HikariConfig();
		if (this.database.equals("postgres")) {
			config.setJdbcUrl(System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
			config.setUsername(System.getProperty("postgres.user", "postgres"));
		}
		else {
			config.setJdbcUrl("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
		}
		config.setMaximumPoolSize(2);
		this.pool = new HikariDataSource(config);
		this.table = "perfkit_bench_" + ProcessHandle.current().pid();
		try (Connection c = this.pool.getConnection(); Statement s = c.createStatement()) {
			s.execute("DROP TABLE IF EXISTS " + this.table);
			s.execute("DROP TABLE IF EXISTS " + this.table + "_log");
			s.execute("CREATE TABLE " + this.table + " (id INT PRIMARY KEY, name VARCHAR(40), qty INT)");
			s.execute("CREATE TABLE " + this.table + "_log (id INT, name VARCHAR(40), qty INT)");
			s.execute("INSERT INTO " + this.table + " SELECT g, 'item ' || g, 0 FROM "
					+ (this.database.equals("postgres") ? "generate_series(1, 1000) g" : "SYSTEM_RANGE(1, 1000) t(g)"));
		}
		this.dataSource = switch (this.variant) {
			case "raw" -> this.pool;
			case "perfkitOff" -> {
				QueryProfiler profiler = new QueryProfiler();
				profiler.setEnabled(false);
				yield new ProfilingDataSource(this.pool, "dataSource", profiler);
			}
			case "perfkit" -> new ProfilingDataSource(this.pool, "dataSource", new QueryProfiler());
			case "perfkitCaptureAll" -> new ProfilingDataSource(this.pool, "dataSource",
					new QueryProfiler(new ProfilerSettings(Duration.ofMillis(500), 1000, 5000, CaptureMode.ALWAYS,
							CaptureMode.ALWAYS, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10), List.of()));
			// hand-built (a lower bound): observations on, a registry without any handler
			case "perfkitObservedNoHandler" -> new ProfilingDataSource(this.pool, "dataSource", new QueryProfiler(),
					new JdbcObservations(ObservationRegistry.create()));
			// hand-built (a lower bound): observations on, Micrometer's meter handler alone (a timer per observation)
			case "perfkitObservedMeterHandler" -> {
				ObservationRegistry registry = ObservationRegistry.create();
				registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
				yield new ProfilingDataSource(this.pool, "dataSource", new QueryProfiler(), new JdbcObservations(registry));
			}
			// as users get them: the DataSource bean of a Boot application with Perfkit's auto-configuration
			case "bootPerfkit" -> boot(JdbcBenchmarkApplication.Setup.DEFAULTS);
			case "bootObservedNoTracer" -> boot(JdbcBenchmarkApplication.Setup.OBSERVED_NO_TRACER);
			case "bootTracedBrave" -> boot(JdbcBenchmarkApplication.Setup.TRACED_BRAVE);
			case "datasourceProxy" -> ProxyDataSourceBuilder.create("dataSource", this.pool).build();
			case "p6spy" -> new P6DataSource(this.pool);
			default -> throw new IllegalArgumentException(this.variant);
		};
		this.connection = this.dataSource.getConnection();
		this.pointSelect = this.connection.prepareStatement("SELECT name, qty FROM " + this.table + " WHERE id = ?");
		this.rangeSelect = this.connection
			.prepareStatement("SELECT id, name, qty FROM " + this.table + " WHERE id > ? ORDER BY id LIMIT 100");
		this.update = this.connection.prepareStatement("UPDATE " + this.table + " SET qty = qty + 1 WHERE id = ?");
		this.insert = this.connection.prepareStatement("INSERT INTO " + this.table + "_log (id, name, qty) VALUES (?, ?, ?)");
	}

	private DataSource boot(JdbcBenchmarkApplication.Setup setup) throws SQLException {
		this.context = JdbcBenchmarkApplication.start(setup, this.pool);
		return this.context.getBean(DataSource.class);
	}

	/** Keeps the batch-insert table small: it is emptied before every iteration. */
	@Setup(Level.Iteration)
	public void emptyLog() throws SQLException {
		try (Connection c = this.pool.getConnection(); Statement s = c.createStatement()) {
			s.execute("TRUNCATE TABLE " + this.table + "_log");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		this.connection.close();
		try (Connection c = this.pool.getConnection(); Statement s = c.createStatement()) {
			s.execute("DROP TABLE IF EXISTS " + this.table);
			s.execute("DROP TABLE IF EXISTS " + this.table + "_log");
		}
		if (this.context != null) {
			this.context.close();
		}
		this.pool.close();
	}

	@Benchmark
	public void pointSelect(Blackhole blackhole) throws SQLException {
		this.pointSelect.setInt(1, 1 + (this.next++ & 511));
		try (ResultSet resultSet = this.pointSelect.executeQuery()) {
			while (resultSet.next()) {
				blackhole.consume(resultSet.getString(1));
			}
		}
	}

	@Benchmark
	public void select100Rows(Blackhole blackhole) throws SQLException {
		this.rangeSelect.setInt(1, this.next++ & 511);
		try (ResultSet resultSet = this.rangeSelect.executeQuery()) {
			while (resultSet.next()) {
				blackhole.consume(resultSet.getInt(1));
			}
		}
	}

	@Benchmark
	public int update() throws SQLException {
		this.update.setInt(1, 1 + (this.next++ & 511));
		return this.update.executeUpdate();
	}

	@Benchmark
	public int[] batchInsert50() throws SQLException {
		int base = (this.next++) * 50;
		for (int i = 0; i < 50; i++) {
			this.insert.setInt(1, base + i);
			this.insert.setString(2, "new");
			this.insert.setInt(3, i);
			this.insert.addBatch();
		}
		return this.insert.executeBatch();
	}

}
