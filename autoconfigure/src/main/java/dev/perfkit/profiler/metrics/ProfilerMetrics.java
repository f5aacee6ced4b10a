package dev.perfkit.profiler.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.NPlusOneIncident;
import dev.perfkit.profiler.QueryObserver;
import dev.perfkit.profiler.QueryRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of the SQL profiler: {@code perfkit.db.query} (timer, tags {@code operation}, {@code table},
 * {@code outcome}, {@code datasource}; its percentile histogram or service-level buckets are the application's
 * choice, through Boot's {@code management.metrics.distribution.*}), {@code perfkit.db.slow.queries} and
 * {@code perfkit.db.n-plus-one}. The {@code table} tag is bounded: the first tables seen up to
 * {@code maxTables} keep their name, later ones are {@code other}; SQL text is never a tag. Timer handles are
 * resolved once per distinct SQL text, not per statement.
 *
 * @since 0.1.0
 */
public class ProfilerMetrics implements QueryObserver {

	private static final String OTHER = "other";

	private final MeterRegistry registry;

	private final int maxTables;

	private final Set<String> tables = ConcurrentHashMap.newKeySet();

	private final Counter slowQueries;

	private final Counter nPlusOne;

	/**
	 * Create the meters.
	 * @param registry the registry
	 * @param maxTables number of distinct {@code table} tag values before {@code other}
	 */
	public ProfilerMetrics(MeterRegistry registry, int maxTables) {
		this.registry = registry;
		this.maxTables = maxTables;
		this.slowQueries = Counter.builder("perfkit.db.slow.queries")
			.description("Statements at or above the slow-query threshold")
			.register(registry);
		this.nPlusOne = Counter.builder("perfkit.db.n-plus-one")
			.description("N+1 query patterns detected within a request or transaction")
			.register(registry);
	}

	@Override
	public void onQuery(QueryRecord query, AnalyzedSql sql) {
		Handles handles = (sql.getObserverState() instanceof Handles cached
				&& cached.dataSource.equals(query.getDataSource())) ? cached : resolve(query, sql);
		Timer timer = (query.getError() == null) ? handles.success : handles.error();
		timer.record(query.getDurationNanos(), TimeUnit.NANOSECONDS);
		if (query.isSlow()) {
			this.slowQueries.increment();
		}
	}

	@Override
	public void onNPlusOne(NPlusOneIncident incident) {
		this.nPlusOne.increment();
	}

	private Handles resolve(QueryRecord query, AnalyzedSql sql) {
		String table = tableTag(sql);
		String operation = sql.getOperation().name();
		Handles handles = new Handles(query.getDataSource(), operation, table,
				timer(query.getDataSource(), operation, table, "success"));
		sql.setObserverState(handles);
		return handles;
	}

	private String tableTag(AnalyzedSql sql) {
		if (sql.getTables().isEmpty()) {
			return "none";
		}
		String table = sql.getTables().get(0);
		if (this.tables.contains(table)) {
			return table;
		}
		if (this.tables.size() < this.maxTables) {
			this.tables.add(table);
			return table;
		}
		return OTHER;
	}

	private Timer timer(String dataSource, String operation, String table, String outcome) {
		return Timer.builder("perfkit.db.query")
			.description("Time of JDBC statements")
			.tag("datasource", dataSource)
			.tag("operation", operation)
			.tag("table", table)
			.tag("outcome", outcome)
			// no histogram of our own choosing: one per statement shape would dominate the scrape; applications opt
			// in with Boot's management.metrics.distribution.percentiles-histogram.perfkit.db.query (or an slo set)
			.register(this.registry);
	}

	/** Timers of one statement; the error timer is registered on the first failure only. */
	private final class Handles {

		final String dataSource;

		final String operation;

		final String table;

		final Timer success;

		private volatile @Nullable Timer error;

		Handles(String dataSource, String operation, String table, Timer success) {
			this.dataSource = dataSource;
			this.operation = operation;
			this.table = table;
			this.success = success;
		}

		Timer error() {
			Timer error = this.error;
			if (error == null) {
				error = timer(this.dataSource, this.operation, this.table, "error");
				this.error = error;
			}
			return error;
		}

	}

}
