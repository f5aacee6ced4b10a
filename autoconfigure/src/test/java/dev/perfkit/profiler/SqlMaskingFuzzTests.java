package dev.perfkit.profiler;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of SQL fingerprinting and masking: any text is analysed without failing, and no literal of a statement
 * survives in its fingerprint or in the SQL the profiler shows. Regression inputs: {@code SqlMaskingFuzzTestsInputs}.
 */
class SqlMaskingFuzzTests {

	private static final String[] TOKENS = { "SELECT", "*", "FROM", "t", "u", "WHERE", "a", "b", "=", "<>", "<", "(",
			")", ",", "AND", "OR", "IN", "LIKE", "?", "NOT", "BETWEEN", "JOIN", "ON", "t.a", "ORDER BY", "LIMIT",
			"INSERT INTO", "VALUES", "UPDATE", "SET", "DELETE", "CASE", "WHEN", "THEN", "ELSE", "END", "-", "+", "::",
			"IS", "NULL", "x", "||", "E", "N", "X", "U&", "B" };

	private static final QueryProfiler PROFILER = new QueryProfiler();

	@FuzzTest(maxDuration = "10m")
	void anyTextIsAnalysed(FuzzedDataProvider data) {
		String sql = data.consumeRemainingAsString();
		AnalyzedSql analyzed = PROFILER.analyze(sql);
		assertThat(analyzed.getFingerprint()).isNotNull();
		assertThat(analyzed.getDisplaySql()).isNotNull();
	}

	@FuzzTest(maxDuration = "10m")
	void noLiteralSurvivesInTheFingerprintOrTheShownSql(FuzzedDataProvider data) {
		// a secret no token can spell, as a string or a number, somewhere in a statement made of SQL tokens
		String digits = Long.toString(100_000_000L + Math.floorMod(data.consumeLong(), 800_000_000L));
		boolean number = data.consumeBoolean();
		String secret = number ? digits : "Qz" + digits;
		String literal = number ? secret : "'" + secret + "'";
		StringBuilder sql = new StringBuilder();
		int before = data.consumeInt(0, 12);
		for (int i = 0; i < before; i++) {
			sql.append(data.pickValue(TOKENS)).append(' ');
		}
		sql.append(literal);
		while (data.remainingBytes() > 0) {
			sql.append(' ').append(data.pickValue(TOKENS));
		}
		AnalyzedSql analyzed = PROFILER.analyze(sql.toString());
		assertThat(analyzed.getFingerprint()).as(sql.toString()).doesNotContain(secret);
		assertThat(analyzed.getDisplaySql()).as(sql.toString()).doesNotContain(secret);
	}

}
