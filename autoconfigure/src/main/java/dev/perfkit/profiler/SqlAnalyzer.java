package dev.perfkit.profiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Analyses SQL texts once each: a small tokenizer (quotes, comments and literals are not regex-shaped) normalises
 * the text into a fingerprint and maps positional parameters to columns; JSqlParser, when present, finds the tables
 * of each distinct fingerprint, with a keyword heuristic as the fallback for what it cannot parse. Both caches are
 * bounded.
 */
final class SqlAnalyzer {

	private static final boolean JSQLPARSER_PRESENT = ClassUtils
		.isPresent("net.sf.jsqlparser.util.TablesNamesFinder", SqlAnalyzer.class.getClassLoader());

	/** Token of a literal: shown as {@code ?} in fingerprints, but not a JDBC parameter. */
	static final String LITERAL = "\u0001";

	private static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "VALUES", "SET", "AND", "OR", "NOT",
			"IN", "LIKE", "ILIKE", "IS", "NULL", "BETWEEN", "INTO", "INSERT", "UPDATE", "DELETE", "LIMIT", "OFFSET", "ON",
			"JOIN", "BY", "ORDER", "GROUP", "HAVING", "AS", "CASE", "WHEN", "THEN", "ELSE", "END", "FETCH", "FIRST",
			"ROWS", "ONLY", "RETURNING", "DISTINCT", "UNION", "ALL", "EXISTS", "ANY", "SOME");

	private static final Set<String> WALK_BACK = Set.of("=", "<", ">", "<=", ">=", "<>", "!=", "(", ",", "?", LITERAL, "LIKE", "ILIKE", "NOT", "IN",
			"BETWEEN", "AND", "IS", "ANY", "SOME");

	private static final Set<String> COMPARED = Set.of("=", "<", ">", "<=", ">=", "<>", "!=", "LIKE", "ILIKE");

	private static final Set<String> ALIAS_STOPS = Set.of("LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS",
			"NATURAL", "USING", "LATERAL", "WINDOW", "FOR", "UNION", "EXCEPT", "INTERSECT", "STRAIGHT_JOIN");

	private static final Set<String> COMPARISONS = Set.of("=", "<", ">", "<=", ">=", "<>", "!=", "LIKE", "ILIKE",
			"IN", "BETWEEN", "IS");

	private final ProfilerSettings settings;

	private final int maxEntries;

	private final ConcurrentHashMap<String, AnalyzedSql> texts = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, List<String>> tablesByFingerprint = new ConcurrentHashMap<>();

	private final LongAdder parseFailures = new LongAdder();

	SqlAnalyzer(ProfilerSettings settings) {
		this.settings = settings;
		this.maxEntries = Math.max(16, settings.maxFingerprints());
	}

	AnalyzedSql analyze(String sql) {
		AnalyzedSql analyzed = this.texts.get(sql);
		if (analyzed != null) {
			return analyzed;
		}
		analyzed = doAnalyze(sql);
		if (this.texts.size() >= this.maxEntries) {
			// Bounded: statements with inlined literals would otherwise grow this cache for ever.
			evictSome(this.texts);
		}
		AnalyzedSql existing = this.texts.putIfAbsent(sql, analyzed);
		return (existing != null) ? existing : analyzed;
	}

	/**
	 * Removes an eighth of a full cache, in the map's hash order, which is unrelated to use: a stream of one-off
	 * statements then costs the hot ones an eighth of their entries now and then, where clearing the whole cache
	 * had every hot statement parsed again after each overflow.
	 */
	private void evictSome(ConcurrentHashMap<String, ?> cache) {
		Iterator<String> keys = cache.keySet().iterator();
		for (int i = Math.max(1, this.maxEntries / 8); i > 0 && keys.hasNext(); i--) {
			keys.next();
			keys.remove();
		}
	}

	long parseFailures() {
		return this.parseFailures.sum();
	}

	int cachedTexts() {
		return this.texts.size();
	}

	void clear() {
		this.texts.clear();
		this.tablesByFingerprint.clear();
	}

	private AnalyzedSql doAnalyze(String sql) {
		List<String> tokens = tokenize(sql);
		SqlOperation operation = operation(tokens);
		String fingerprint = fingerprint(tokens);
		@Nullable String[] columns = parameterColumns(tokens, operation);
		boolean sensitive = false;
		for (String token : tokens) {
			if (isIdentifier(token) && this.settings.isSensitive(unquote(token))) {
				sensitive = true;
				break;
			}
		}
		List<String> tables = this.tablesByFingerprint.get(fingerprint);
		if (tables == null) {
			tables = tables(fingerprint, tokens);
			if (this.tablesByFingerprint.size() >= this.maxEntries) {
				evictSome(this.tablesByFingerprint);
			}
			this.tablesByFingerprint.put(fingerprint, tables);
		}
		boolean showable = !tokens.contains(LITERAL) && !sql.contains("--") && !sql.contains("/*");
		return new AnalyzedSql(sql, fingerprint, operation, tables, columns, sensitive, filterColumns(tokens),
				showable, aliases(tokens));
	}

	/**
	 * Columns compared with a value in the statement ({@code col = ?}, {@code t.col LIKE 'x'}, {@code col IN (...)},
	 * {@code col = any (?)}), in order, with their qualifier when they have one ({@code t.col}). A comparison of two
	 * columns (a join condition) is not a filter.
	 */
	static List<String> filterColumns(List<String> tokens) {
		Set<String> columns = new LinkedHashSet<>();
		for (int i = 1; i < tokens.size(); i++) {
			String upper = upper(tokens.get(i));
			if (COMPARISONS.contains(upper)) {
				int j = i - 1;
				if (upper(tokens.get(j)).equals("NOT") && j > 0) {
					j--;
				}
				String candidate = tokens.get(j);
				if (isIdentifier(candidate) && !KEYWORDS.contains(upper(candidate)) && comparedWithValue(tokens, i)) {
					String column = unquote(candidate).toLowerCase(Locale.ROOT);
					if (j >= 2 && tokens.get(j - 1).equals(".") && isIdentifier(tokens.get(j - 2))) {
						column = unquote(tokens.get(j - 2)).toLowerCase(Locale.ROOT) + "." + column;
					}
					columns.add(column);
				}
			}
		}
		return List.copyOf(columns);
	}

	/** Whether what follows the comparison at {@code index} is a value (a parameter, a literal, a list), not a column. */
	private static boolean comparedWithValue(List<String> tokens, int index) {
		if (index + 1 >= tokens.size()) {
			return false;
		}
		String next = tokens.get(index + 1);
		String upper = upper(next);
		if (next.equals("?") || next.equals(LITERAL) || upper.equals("NULL") || upper.equals("TRUE")
				|| upper.equals("FALSE") || upper.equals("ANY") || upper.equals("SOME") || next.equals("(")
				|| next.equals("-") || next.equals(":")) {
			return true;
		}
		if (upper.equals("NOT") && index + 2 < tokens.size()) {
			return upper(tokens.get(index + 2)).equals("NULL");
		}
		// a function of a value (lower(?)) is a value; a column or a qualified column is not
		return isIdentifier(next) && index + 2 < tokens.size() && tokens.get(index + 2).equals("(");
	}

	/**
	 * Aliases of the tables in FROM and JOIN clauses ({@code owners o1_0}, {@code owners AS o}), lower case, alias to
	 * table.
	 */
	static Map<String, String> aliases(List<String> tokens) {
		Map<String, String> aliases = new LinkedHashMap<>();
		boolean inFrom = false;
		for (int i = 0; i < tokens.size(); i++) {
			String upper = upper(tokens.get(i));
			boolean starts = upper.equals("FROM") || upper.equals("JOIN") || upper.equals("UPDATE")
					|| upper.equals("INTO") || (inFrom && tokens.get(i).equals(","));
			if (upper.equals("FROM")) {
				inFrom = true;
			}
			else if (upper.equals("WHERE") || upper.equals("ON") || upper.equals("GROUP") || upper.equals("ORDER")
					|| upper.equals("SELECT") || upper.equals("SET")) {
				inFrom = false;
			}
			if (!starts || i + 1 >= tokens.size() || !isIdentifier(tokens.get(i + 1))) {
				continue;
			}
			int k = i + 1;
			String table = unquote(tokens.get(k));
			while (k + 2 < tokens.size() && tokens.get(k + 1).equals(".") && isIdentifier(tokens.get(k + 2))) {
				k += 2;
				table = unquote(tokens.get(k));
			}
			int a = k + 1;
			if (a < tokens.size() && upper(tokens.get(a)).equals("AS")) {
				a++;
			}
			if (a < tokens.size() && isIdentifier(tokens.get(a)) && !KEYWORDS.contains(upper(tokens.get(a)))
					&& !ALIAS_STOPS.contains(upper(tokens.get(a)))) {
				aliases.put(unquote(tokens.get(a)).toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT));
			}
		}
		return Map.copyOf(aliases);
	}

	/**
	 * Splits SQL into tokens: comments dropped, string, numeric and {@code $n} literals turned into {@code ?},
	 * quoted identifiers kept whole.
	 */
	static List<String> tokenize(String sql) {
		List<String> tokens = new ArrayList<>();
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				while (i < length && sql.charAt(i) != '\n') {
					i++;
				}
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
			}
			else if (c == '\'') {
				i = skipQuoted(sql, i, '\'');
				tokens.add(LITERAL);
			}
			else if (c == '"' || c == '`') {
				int end = skipQuoted(sql, i, c);
				// MySQL reads "..." as a string: compared with a column it is a value, not an identifier
				boolean value = c == '"' && !tokens.isEmpty() && COMPARED.contains(upper(tokens.get(tokens.size() - 1)))
						&& (end >= length || sql.charAt(end) != '.');
				tokens.add(value ? LITERAL : sql.substring(i, end));
				i = end;
			}
			else if (Character.isDigit(c) || (c == '.' && i + 1 < length && Character.isDigit(sql.charAt(i + 1)))) {
				i = skipNumber(sql, i);
				// 0x1F, 10L, 1_000: the rest of the number is part of the literal
				while (i < length && isIdentifierPart(sql.charAt(i))) {
					i++;
				}
				tokens.add(LITERAL);
			}
			else if (c == '$' && dollarQuoteEnd(sql, i) > 0) {
				i = dollarQuoteEnd(sql, i);
				tokens.add(LITERAL);
			}
			else if (c == '$' && i + 1 < length && Character.isDigit(sql.charAt(i + 1))) {
				i++;
				while (i < length && Character.isDigit(sql.charAt(i))) {
					i++;
				}
				tokens.add("?");
			}
			else if (Character.isLetter(c) || c == '_') {
				int start = i;
				while (i < length && isIdentifierPart(sql.charAt(i))) {
					i++;
				}
				if (i < length && sql.charAt(i) == '\'' && (i - start == 1)) {
					// E'...', N'...', X'...', B'...' prefixed strings
					i = skipQuoted(sql, i, '\'');
					tokens.add(LITERAL);
				}
				else {
					tokens.add(sql.substring(start, i));
				}
			}
			else if (i + 1 < length && isTwoCharOperator(c, sql.charAt(i + 1))) {
				tokens.add(sql.substring(i, i + 2));
				i += 2;
			}
			else {
				tokens.add(String.valueOf(c));
				i++;
			}
		}
		return tokens;
	}

	private static boolean isTwoCharOperator(char first, char second) {
		return switch (first) {
			case '<' -> second == '=' || second == '>';
			case '>', '!' -> second == '=';
			case '|' -> second == '|';
			case ':' -> second == ':';
			default -> false;
		};
	}

	/**
	 * End of a PostgreSQL dollar-quoted string ({@code $$...$$}, {@code $tag$...$tag$}) starting at {@code start},
	 * or -1 if there is none.
	 */
	private static int dollarQuoteEnd(String sql, int start) {
		int i = start + 1;
		int length = sql.length();
		if (i < length && Character.isDigit(sql.charAt(i))) {
			return -1;
		}
		while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
			i++;
		}
		if (i >= length || sql.charAt(i) != '$') {
			return -1;
		}
		String tag = sql.substring(start, i + 1);
		int close = sql.indexOf(tag, i + 1);
		return (close < 0) ? length : close + tag.length();
	}

	private static int skipQuoted(String sql, int start, char quote) {
		int i = start + 1;
		int length = sql.length();
		while (i < length) {
			if (quote == '\'' && sql.charAt(i) == '\\' && i + 1 < length && sql.charAt(i + 1) == quote
					&& i + 2 < length && isIdentifierPart(sql.charAt(i + 2))) {
				// MySQL's \' inside a string: a quote followed by a word does not end it ('O\'Brien')
				i += 2;
				continue;
			}
			if (sql.charAt(i) == quote) {
				if (i + 1 < length && sql.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return length;
	}

	private static int skipNumber(String sql, int start) {
		int i = start;
		int length = sql.length();
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isDigit(c) || c == '.') {
				i++;
			}
			else if ((c == 'e' || c == 'E') && i + 1 < length
					&& (Character.isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+')) {
				i += 2;
			}
			else {
				break;
			}
		}
		return i;
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$';
	}

	private static boolean isIdentifier(String token) {
		char c = token.charAt(0);
		return Character.isLetter(c) || c == '_' || c == '"' || c == '`';
	}

	private static String upper(String token) {
		return token.toUpperCase(Locale.ROOT);
	}

	private static String unquote(String token) {
		char c = token.charAt(0);
		if ((c == '"' || c == '`') && token.length() >= 2) {
			return token.substring(1, token.length() - 1);
		}
		return token;
	}

	static SqlOperation operation(List<String> tokens) {
		for (String token : tokens) {
			if (token.equals("(")) {
				continue;
			}
			return switch (upper(token)) {
				case "SELECT", "WITH", "VALUES", "TABLE" -> SqlOperation.SELECT;
				case "INSERT", "REPLACE", "MERGE", "UPSERT" -> SqlOperation.INSERT;
				case "UPDATE" -> SqlOperation.UPDATE;
				case "DELETE" -> SqlOperation.DELETE;
				default -> SqlOperation.OTHER;
			};
		}
		return SqlOperation.OTHER;
	}

	/** Joins tokens into the normalised text, collapsing IN-lists and repeated VALUES rows. */
	static String fingerprint(List<String> tokens) {
		List<String> out = new ArrayList<>(tokens.size());
		int i = 0;
		while (i < tokens.size()) {
			String token = tokens.get(i);
			String upper = upper(token);
			if (upper.equals("IN") && i + 1 < tokens.size() && tokens.get(i + 1).equals("(")) {
				int end = placeholderList(tokens, i + 2);
				if (end > 0) {
					out.add(token);
					out.add("(");
					out.add("?");
					out.add(")");
					i = end + 1;
					continue;
				}
			}
			if (token.equals(",") && !out.isEmpty() && out.get(out.size() - 1).equals(")")) {
				// VALUES (?, ?), (?, ?) ... -> VALUES (?, ?)
				int groupStart = groupStart(out);
				if (groupStart > 0 && upper(out.get(groupStart - 1)).equals("VALUES")
						&& i + 1 < tokens.size() && tokens.get(i + 1).equals("(")) {
					int end = placeholderList(tokens, i + 2);
					if (end > 0) {
						i = end + 1;
						continue;
					}
				}
			}
			out.add(token);
			i++;
		}
		StringBuilder text = new StringBuilder();
		String previous = null;
		for (String token : out) {
			if (previous != null && !previous.equals("(") && !previous.equals(".") && !token.equals(")")
					&& !token.equals(",") && !token.equals(".") && !(token.equals("(") && isIdentifier(previous)
							&& !KEYWORDS.contains(upper(previous)))) {
				text.append(' ');
			}
			text.append(token.equals(LITERAL) ? "?" : token);
			previous = token;
		}
		return text.toString();
	}

	/** Index of the ')' closing a list made only of '?' and ',', starting at {@code from}; -1 otherwise. */
	private static int placeholderList(List<String> tokens, int from) {
		boolean expectPlaceholder = true;
		for (int i = from; i < tokens.size(); i++) {
			String token = tokens.get(i);
			if (expectPlaceholder && (token.equals("?") || token.equals(LITERAL))) {
				expectPlaceholder = false;
			}
			else if (!expectPlaceholder && token.equals(",")) {
				expectPlaceholder = true;
			}
			else if (!expectPlaceholder && token.equals(")")) {
				return i;
			}
			else {
				return -1;
			}
		}
		return -1;
	}

	private static int groupStart(List<String> out) {
		for (int i = out.size() - 2; i >= 0; i--) {
			String token = out.get(i);
			if (token.equals("(")) {
				return i;
			}
			if (!token.equals("?") && !token.equals(LITERAL) && !token.equals(",")) {
				return -1;
			}
		}
		return -1;
	}

	/** Column each positional parameter is compared with or written to, or null when unknown. */
	static @Nullable String[] parameterColumns(List<String> tokens, SqlOperation operation) {
		List<Integer> placeholders = new ArrayList<>();
		List<String> raw = tokens;
		for (int i = 0; i < raw.size(); i++) {
			if (raw.get(i).equals("?")) {
				placeholders.add(i);
			}
		}
		@Nullable String[] columns = new String[placeholders.size()];
		for (int p = 0; p < placeholders.size(); p++) {
			columns[p] = columnBefore(raw, placeholders.get(p));
		}
		if (operation == SqlOperation.INSERT) {
			mapInsertColumns(raw, placeholders, columns);
		}
		return columns;
	}

	private static @Nullable String columnBefore(List<String> tokens, int index) {
		for (int j = index - 1; j >= 0; j--) {
			String token = tokens.get(j);
			String upper = upper(token);
			if (WALK_BACK.contains(upper)) {
				continue;
			}
			if (isIdentifier(token) && !KEYWORDS.contains(upper)) {
				return unquote(token);
			}
			return null;
		}
		return null;
	}

	private static void mapInsertColumns(List<String> tokens, List<Integer> placeholders,
			@Nullable String[] columns) {
		int values = -1;
		for (int i = 0; i < tokens.size(); i++) {
			if (upper(tokens.get(i)).equals("VALUES")) {
				values = i;
				break;
			}
		}
		if (values < 0) {
			return;
		}
		int open = tokens.indexOf("(");
		if (open < 0 || open > values) {
			return;
		}
		List<String> names = new ArrayList<>();
		for (int i = open + 1; i < values && !tokens.get(i).equals(")"); i++) {
			String token = tokens.get(i);
			if (!token.equals(",")) {
				names.add(unquote(token));
			}
		}
		int depth = 0;
		int position = 0;
		for (int i = values + 1; i < tokens.size(); i++) {
			String token = tokens.get(i);
			if (token.equals("(")) {
				depth++;
				if (depth == 1) {
					position = 0;
				}
			}
			else if (token.equals(")")) {
				depth--;
			}
			else if (depth == 1 && token.equals(",")) {
				position++;
			}
			else if (depth == 1 && token.equals("?")) {
				int p = placeholders.indexOf(i);
				if (p >= 0 && position < names.size()) {
					columns[p] = names.get(position);
				}
			}
			else if (depth == 0 && !token.equals(",")) {
				break;
			}
		}
	}

	private List<String> tables(String fingerprint, List<String> tokens) {
		if (JSQLPARSER_PRESENT) {
			try {
				Set<String> found = JSqlParserTables.find(fingerprint);
				if (!found.isEmpty()) {
					List<String> ordered = new ArrayList<>(found.size());
					List<String> heuristic = heuristicTables(tokens);
					for (String table : heuristic) {
						if (found.contains(table)) {
							ordered.add(table);
						}
					}
					for (String table : found) {
						if (!ordered.contains(table)) {
							ordered.add(table);
						}
					}
					return Collections.unmodifiableList(ordered);
				}
			}
			catch (Throwable ex) {
				this.parseFailures.increment();
			}
		}
		return Collections.unmodifiableList(heuristicTables(tokens));
	}

	/** Identifiers after FROM, JOIN, INTO, UPDATE and TABLE, in order of appearance. */
	static List<String> heuristicTables(List<String> tokens) {
		Set<String> tables = new LinkedHashSet<>();
		for (int i = 0; i + 1 < tokens.size(); i++) {
			String upper = upper(tokens.get(i));
			if (upper.equals("FROM") || upper.equals("JOIN") || upper.equals("INTO") || upper.equals("UPDATE")
					|| upper.equals("TABLE")) {
				int k = i + 1;
				while (k + 1 < tokens.size() && Set.of("IF", "NOT", "EXISTS", "ONLY", "IGNORE", "LOW_PRIORITY")
					.contains(upper(tokens.get(k)))) {
					k++;
				}
				String next = tokens.get(k);
				if (isIdentifier(next) && !KEYWORDS.contains(upper(next))) {
					String name = unquote(next);
					int j = k + 1;
					while (j + 1 < tokens.size() && tokens.get(j).equals(".")) {
						name = unquote(tokens.get(j + 1));
						j += 2;
					}
					tables.add(name.toLowerCase(Locale.ROOT));
				}
			}
		}
		return new ArrayList<>(tables);
	}

	/** Isolates the optional JSqlParser dependency. */
	private static final class JSqlParserTables {

		static Set<String> find(String sql) throws Exception {
			Set<String> names = net.sf.jsqlparser.util.TablesNamesFinder.findTables(sql);
			Set<String> tables = new LinkedHashSet<>();
			for (String name : names) {
				String unqualified = name.substring(name.lastIndexOf('.') + 1);
				tables.add(unquote(unqualified).toLowerCase(Locale.ROOT));
			}
			return tables;
		}

	}

}
