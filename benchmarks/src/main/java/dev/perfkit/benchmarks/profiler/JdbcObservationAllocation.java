package dev.perfkit.benchmarks.profiler;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.sun.management.ThreadMXBean;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bytes allocated per point select on H2 by the calling thread alone, for the raw pool, Perfkit built by hand, and
 * the three Boot applications of {@link JdbcProfilerBenchmark}'s {@code boot*} variants: JMH's
 * {@code gc.alloc.rate.norm} counts every thread, so on a loaded machine (few operations per second) an application's
 * background work shows in it; this count does not. Not a JMH benchmark: run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.profiler.JdbcObservationAllocation}.
 */
public final class JdbcObservationAllocation {

	private static final int WARM_UP = 200_000;

	private static final int MEASURED = 100_000;

	private JdbcObservationAllocation() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("| variant | bytes per statement, calling thread |");
		System.out.println("| --- | --- |");
		for (String variant : new String[] { "raw", "perfkit", "bootPerfkit", "bootObservedNoTracer",
				"bootTracedBrave" }) {
			System.out.printf("| %s | %,d |%n", variant, measure(variant));
		}
		System.exit(0);
	}

	private static long measure(String variant) throws SQLException {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + variant + ";DB_CLOSE_DELAY=-1");
		config.setMaximumPoolSize(2);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40), qty INT)");
				s.execute("INSERT INTO item SELECT g, 'item ' || g, 0 FROM SYSTEM_RANGE(1, 1000) t(g)");
			}
			ConfigurableApplicationContext context = null;
			DataSource dataSource = switch (variant) {
				case "raw" -> pool;
				case "perfkit" -> new ProfilingDataSource(pool, "dataSource", new QueryProfiler());
				default -> {
					context = JdbcBenchmarkApplication.start(JdbcBenchmarkApplication.Setup.valueOf(switch (variant) {
						case "bootPerfkit" -> "DEFAULTS";
						case "bootObservedNoTracer" -> "OBSERVED_NO_TRACER";
						default -> "TRACED_BRAVE";
					}), pool);
					yield context.getBean(DataSource.class);
				}
			};
			try (Connection connection = dataSource.getConnection();
					PreparedStatement select = connection.prepareStatement("SELECT name, qty FROM item WHERE id = ?")) {
				run(select, WARM_UP);
				ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
				long before = threads.getCurrentThreadAllocatedBytes();
				run(select, MEASURED);
				long after = threads.getCurrentThreadAllocatedBytes();
				return (after - before) / MEASURED;
			}
			finally {
				if (context != null) {
					context.close();
				}
			}
		}
	}

	private static void run(PreparedStatement select, int times) throws SQLException {
		long sum = 0;
		for (int i = 0; i < times; i++) {
			select.setInt(1, 1 + (i & 511));
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					sum += rows.getInt(2);
				}
			}
		}
		if (sum < 0) {
			throw new IllegalStateException();
		}
	}

}
