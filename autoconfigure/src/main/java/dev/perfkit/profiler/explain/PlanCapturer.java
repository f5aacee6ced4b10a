package dev.perfkit.profiler.explain;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.QueryObserver;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.SqlOperation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * Captures the plan of slow SELECT statements on a separate connection and a separate thread, at most once per
 * fingerprint per interval and with a small bounded queue (plans that do not fit are dropped and counted), and
 * attaches it to the slow statement. {@code EXPLAIN} on PostgreSQL, MariaDB/MySQL and H2, {@code EXPLAIN QUERY PLAN}
 * on SQLite. A plan that shows a full scan is flagged with the table and the filtered columns as an index hint.
 *
 * @since 0.1.0
 */
public class PlanCapturer implements QueryObserver, DisposableBean {

	private static final Log logger = LogFactory.getLog(PlanCapturer.class);

	private static final Pattern PG_SEQ_SCAN = Pattern.compile("Seq Scan on (\\S+)");

	private static final Pattern SQLITE_SCAN = Pattern.compile("^SCAN (?:TABLE )?(\\S+)(.*)$");

	private static final int MAX_TRACKED_FINGERPRINTS = 1000;

	/** How long the columns and indexes read of a table are trusted before they are read again. */
	private static final long TABLE_FACTS_TTL = TimeUnit.MINUTES.toNanos(10);

	private final Supplier<QueryProfiler> profiler;

	private final Function<String, @Nullable DataSource> dataSources;

	private final long thresholdNanos;

	private final long intervalNanos;

	private final ThreadPoolExecutor executor;

	private final ConcurrentHashMap<String, Long> lastPlanned = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, TableFacts> tableFacts = new ConcurrentHashMap<>();

	private final LongAdder captured = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder failed = new LongAdder();

	// one warning per incident: set by the first failure, cleared by the next captured plan
	private final AtomicBoolean failing = new AtomicBoolean();

	/**
	 * Create a plan capturer.
	 * @param profiler supplies the profiler the plans are attached in (the capturer is one of its observers)
	 * @param dataSources the unprofiled DataSource of a profiled DataSource name, or {@code null}
	 * @param threshold duration at or above which a slow SELECT is explained
	 * @param interval minimum time between two plans of the same fingerprint
	 */
	public PlanCapturer(Supplier<QueryProfiler> profiler, Function<String, @Nullable DataSource> dataSources, Duration threshold,
			Duration interval) {
		this.profiler = profiler;
		this.dataSources = dataSources;
		this.thresholdNanos = threshold.toNanos();
		this.intervalNanos = interval.toNanos();
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(16),
				(runnable) -> {
					Thread thread = new Thread(runnable, "perfkit-explain");
					thread.setDaemon(true);
					return thread;
				}, (runnable, executor) -> this.dropped.increment());
	}

	@Override
	public void onQuery(QueryRecord query, AnalyzedSql sql) {
		if (!query.isSlow() || sql.getOperation() != SqlOperation.SELECT || query.getError() != null
				|| query.getDurationNanos() < this.thresholdNanos) {
			return;
		}
		long now = System.nanoTime();
		Long last = this.lastPlanned.get(sql.getFingerprint());
		if (last != null && now - last < this.intervalNanos) {
			return;
		}
		if (this.lastPlanned.size() >= MAX_TRACKED_FINGERPRINTS) {
			this.lastPlanned.clear();
		}
		this.lastPlanned.put(sql.getFingerprint(), now);
		this.executor.execute(() -> explain(query, sql));
	}

	/** @return plans captured */
	public long getCaptured() {
		return this.captured.sum();
	}

	/** @return plans dropped because the queue was full */
	public long getDropped() {
		return this.dropped.sum();
	}

	/** @return plans that failed */
	public long getFailed() {
		return this.failed.sum();
	}

	void explain(QueryRecord query, AnalyzedSql sql) {
		DataSource dataSource = this.dataSources.apply(query.getDataSource());
		if (dataSource == null) {
			return;
		}
		try (Connection connection = dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			Dialect dialect = Dialect.of(product);
			List<String> lines = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement(dialect.prefix + sql.getSql())) {
				Object[] parameters = query.rawParameterValues();
				if (parameters != null) {
					for (int i = 0; i < parameters.length; i++) {
						statement.setObject(i + 1, parameters[i]);
					}
				}
				try (ResultSet resultSet = statement.executeQuery()) {
					lines.addAll(dialect.read(resultSet));
				}
			}
			String plan = String.join("\n", lines);
			String hint = indexHint(query.getDataSource(), connection, dialect, lines, sql);
			this.profiler.get().attachPlan(query, plan, hint);
			this.captured.increment();
			if (this.failing.compareAndSet(true, false)) {
				logger.info("Query plans are captured again");
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.failed.increment();
			// a statement that cannot be explained (a temporary table, a value that cannot be bound again) is a
			// fact about that statement, counted apart from the profiler's own failures
			this.profiler.get().unexplained();
			if (this.failing.compareAndSet(false, true)) {
				// the type and SQL state only: drivers quote the statement and its values in their messages
				logger.warn("Could not capture the plan of a slow query (" + ex.getClass().getName()
						+ ((ex instanceof SQLException sqlException) ? ", SQL state " + sqlException.getSQLState() : "")
						+ "); further failures are counted, not logged, until a plan is captured again");
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Could not capture the plan of slow query #" + query.getId() + ": " + ex.getClass().getName());
			}
		}
	}

	/**
	 * A hint for the first full scan whose table is filtered on columns that no index of that table leads with, or
	 * {@code null}: no hint for an unfiltered scan, for columns of another table, or for columns an index (or the
	 * primary key) already starts with.
	 */
	@Nullable String indexHint(String dataSource, Connection connection, Dialect dialect, List<String> lines,
			AnalyzedSql sql) throws SQLException {
		for (String scanned : dialect.fullScans(lines)) {
			String table = sql.resolveTable(scanned);
			List<String> filtered = sql.filterColumnsOf(table);
			if (filtered.isEmpty()) {
				continue;
			}
			TableFacts facts = tableFacts(dataSource, connection, table);
			if (facts == null) {
				continue;
			}
			List<String> columns = new ArrayList<>();
			for (String column : filtered) {
				if (facts.columns().contains(column) && !facts.indexed().contains(column) && !columns.contains(column)) {
					columns.add(column);
				}
			}
			if (!columns.isEmpty()) {
				return "full scan of " + table + ": consider an index on (" + String.join(", ", columns) + ")";
			}
		}
		return null;
	}

	private @Nullable TableFacts tableFacts(String dataSource, Connection connection, String table)
			throws SQLException {
		String key = dataSource + '\u0000' + table;
		long now = System.nanoTime();
		TableFacts facts = this.tableFacts.get(key);
		if (facts != null && now - facts.readAt() < TABLE_FACTS_TTL) {
			return facts;
		}
		facts = TableFacts.read(connection, table, now);
		if (this.tableFacts.size() >= MAX_TRACKED_FINGERPRINTS) {
			this.tableFacts.clear();
		}
		if (facts != null) {
			this.tableFacts.put(key, facts);
		}
		return facts;
	}

	/**
	 * Columns of a table and the columns its indexes and primary key lead with, lower case, read from
	 * {@link DatabaseMetaData}.
	 */
	record TableFacts(Set<String> columns, Set<String> indexed, long readAt) {

		static @Nullable TableFacts read(Connection connection, String table, long now) throws SQLException {
			DatabaseMetaData meta = connection.getMetaData();
			String catalog = connection.getCatalog();
			String schema = schema(connection);
			for (String name : new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT)))) {
				for (String schemaPattern : (schema != null) ? new String[] { schema, null } : new String[] { null }) {
					Set<String> columns = new HashSet<>();
					try (ResultSet rows = meta.getColumns(catalog, schemaPattern, name, "%")) {
						while (rows.next()) {
							if (name.equalsIgnoreCase(rows.getString("TABLE_NAME"))) {
								columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
							}
						}
					}
					if (columns.isEmpty()) {
						continue;
					}
					Set<String> indexed = new HashSet<>();
					try (ResultSet rows = meta.getIndexInfo(catalog, schemaPattern, name, false, true)) {
						while (rows.next()) {
							String column = rows.getString("COLUMN_NAME");
							if (rows.getInt("ORDINAL_POSITION") == 1 && column != null
									&& name.equalsIgnoreCase(rows.getString("TABLE_NAME"))) {
								indexed.add(column.toLowerCase(Locale.ROOT));
							}
						}
					}
					try (ResultSet rows = meta.getPrimaryKeys(catalog, schemaPattern, name)) {
						while (rows.next()) {
							if (rows.getInt("KEY_SEQ") == 1) {
								indexed.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
							}
						}
					}
					return new TableFacts(Set.copyOf(columns), Set.copyOf(indexed), now);
				}
			}
			return null;
		}

		private static @Nullable String schema(Connection connection) {
			try {
				return connection.getSchema();
			}
			catch (SQLException | RuntimeException | AbstractMethodError ex) {
				return null;
			}
		}

	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	enum Dialect {

		POSTGRESQL("EXPLAIN "), MYSQL("EXPLAIN "), SQLITE("EXPLAIN QUERY PLAN "), H2("EXPLAIN "), OTHER("EXPLAIN ");

		final String prefix;

		Dialect(String prefix) {
			this.prefix = prefix;
		}

		static Dialect of(String product) {
			if (product.contains("postgres")) {
				return POSTGRESQL;
			}
			if (product.contains("mysql") || product.contains("mariadb")) {
				return MYSQL;
			}
			if (product.contains("sqlite")) {
				return SQLITE;
			}
			if (product.contains("h2")) {
				return H2;
			}
			return OTHER;
		}

		List<String> read(ResultSet resultSet) throws SQLException {
			List<String> lines = new ArrayList<>();
			ResultSetMetaData meta = resultSet.getMetaData();
			int columns = meta.getColumnCount();
			while (resultSet.next() && lines.size() < 500) {
				if (this == MYSQL) {
					StringBuilder line = new StringBuilder();
					for (int i = 1; i <= columns; i++) {
						line.append((i > 1) ? " " : "").append(meta.getColumnLabel(i).toLowerCase(Locale.ROOT))
							.append('=').append(resultSet.getString(i));
					}
					lines.add(line.toString());
				}
				else if (this == SQLITE) {
					lines.add(resultSet.getString(columns));
				}
				else {
					lines.add(resultSet.getString(1));
				}
			}
			return lines;
		}

		/** Tables (or aliases, as the plan names them) read by a full scan, in plan order. */
		List<String> fullScans(List<String> lines) {
			List<String> tables = new ArrayList<>();
			for (String line : lines) {
				String table = fullScan(line.trim());
				if (table != null) {
					String name = table.replace("\"", "").replace("`", "");
					name = name.substring(name.lastIndexOf('.') + 1);
					if (!tables.contains(name)) {
						tables.add(name);
					}
				}
			}
			return tables;
		}

		private @Nullable String fullScan(String line) {
			switch (this) {
				case POSTGRESQL -> {
					Matcher matcher = PG_SEQ_SCAN.matcher(line);
					return matcher.find() ? matcher.group(1) : null;
				}
				case SQLITE -> {
					Matcher matcher = SQLITE_SCAN.matcher(line);
					return (matcher.matches() && !matcher.group(2).contains("INDEX")) ? matcher.group(1) : null;
				}
				case MYSQL -> {
					if (line.contains(" type=ALL")) {
						int start = line.indexOf(" table=");
						return (start >= 0) ? line.substring(start + 7).split(" ")[0] : "?";
					}
					return null;
				}
				case H2 -> {
					int scan = line.indexOf(".tableScan");
					if (scan < 0) {
						return null;
					}
					int start = line.lastIndexOf(' ', scan) + 1;
					String qualified = line.substring(start, scan);
					return qualified.substring(qualified.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
				}
				default -> {
					return null;
				}
			}
		}

	}

}
