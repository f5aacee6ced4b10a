package dev.perfkit.profiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One distinct SQL text as the profiler understands it: its operation, its tables, its normalised fingerprint and the
 * column each positional parameter is compared with or written to. Analysed once and cached by
 * {@link QueryProfiler#analyze(String)}.
 *
 * @since 0.1.0
 */
public final class AnalyzedSql {

	private final String sql;

	private final String fingerprint;

	private final SqlOperation operation;

	private final List<String> tables;

	private final @Nullable String[] parameterColumns;

	private final boolean mentionsSensitiveName;

	private final String displaySql;

	private final List<String> filterColumns;

	private final Map<String, String> aliases;

	volatile @Nullable FingerprintStats stats;

	volatile @Nullable Object observerState;

	AnalyzedSql(String sql, String fingerprint, SqlOperation operation, List<String> tables,
			@Nullable String[] parameterColumns, boolean mentionsSensitiveName, List<String> filterColumns) {
		this.filterColumns = filterColumns;
		this.aliases = Map.of();
		this.sql = sql;
		this.fingerprint = fingerprint;
		this.operation = operation;
		this.tables = tables;
		this.parameterColumns = parameterColumns;
		this.mentionsSensitiveName = mentionsSensitiveName;
		this.displaySql = mentionsSensitiveName ? fingerprint : sql;
	}

	AnalyzedSql(String sql, String fingerprint, SqlOperation operation, List<String> tables,
			@Nullable String[] parameterColumns, boolean mentionsSensitiveName, List<String> filterColumns,
			boolean showable, Map<String, String> aliases) {
		this.filterColumns = filterColumns;
		this.aliases = aliases;
		this.sql = sql;
		this.fingerprint = fingerprint;
		this.operation = operation;
		this.tables = tables;
		this.parameterColumns = parameterColumns;
		this.mentionsSensitiveName = mentionsSensitiveName;
		this.displaySql = (showable && !mentionsSensitiveName) ? sql : fingerprint;
	}

	/**
	 * SQL text as the application sent it.
	 * @return the SQL
	 */
	public String getSql() {
		return this.sql;
	}

	/**
	 * SQL text with comments removed, whitespace collapsed, literals replaced by {@code ?} and IN-lists collapsed.
	 * @return the fingerprint
	 */
	public String getFingerprint() {
		return this.fingerprint;
	}

	/**
	 * Operation of the statement.
	 * @return the operation
	 */
	public SqlOperation getOperation() {
		return this.operation;
	}

	/**
	 * Tables the statement reads or writes, lower case, main table first.
	 * @return the tables, possibly empty
	 */
	public List<String> getTables() {
		return this.tables;
	}

	/**
	 * Columns the statement compares with a value ({@code col = ?}, {@code t.col LIKE ...}), lower case, in order,
	 * with their qualifier when the statement gives one. Join conditions between two columns are not included.
	 * @return the columns, possibly empty
	 */
	public List<String> getFilterColumns() {
		return this.filterColumns;
	}

	/**
	 * The table a name of the statement stands for: the table of an alias ({@code o1_0} in {@code owners o1_0}), or
	 * the name itself.
	 * @param name a table name or alias, any case
	 * @return the table, lower case
	 */
	public String resolveTable(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return this.aliases.getOrDefault(lower, lower);
	}

	/**
	 * Filter columns that may belong to a table: unqualified ones, and those qualified by the table's name or one of
	 * its aliases in the statement.
	 * @param table the table, any case
	 * @return the column names, without qualifier, lower case, in order
	 */
	public List<String> filterColumnsOf(String table) {
		String lower = table.toLowerCase(Locale.ROOT);
		List<String> columns = new ArrayList<>();
		for (String column : this.filterColumns) {
			int dot = column.lastIndexOf('.');
			if (dot < 0) {
				columns.add(column);
			}
			else if (resolveTable(column.substring(0, dot)).equals(lower)) {
				columns.add(column.substring(dot + 1));
			}
		}
		return columns;
	}

	/**
	 * SQL text that is safe to show in logs, endpoints and reports: the text itself only when it holds no literal,
	 * no comment and no sensitive name, else its fingerprint, where every literal is a {@code ?}.
	 * @return the SQL to display
	 */
	public String getDisplaySql() {
		return this.displaySql;
	}

	boolean isMasked(int parameterIndex, ProfilerSettings settings) {
		String column = (parameterIndex >= 1 && parameterIndex <= this.parameterColumns.length)
				? this.parameterColumns[parameterIndex - 1] : null;
		if (column == null) {
			return this.mentionsSensitiveName;
		}
		return settings.isSensitive(column);
	}

	@Nullable String parameterColumn(int parameterIndex) {
		return (parameterIndex >= 1 && parameterIndex <= this.parameterColumns.length)
				? this.parameterColumns[parameterIndex - 1] : null;
	}

	/**
	 * Slot for a {@link QueryObserver} to cache what it resolved for this statement (meter handles).
	 * @return the cached state or {@code null}
	 */
	public @Nullable Object getObserverState() {
		return this.observerState;
	}

	/**
	 * Cache what an observer resolved for this statement.
	 * @param state the state to keep
	 */
	public void setObserverState(@Nullable Object state) {
		this.observerState = state;
	}

}
