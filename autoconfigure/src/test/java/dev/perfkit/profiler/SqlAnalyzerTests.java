package dev.perfkit.profiler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlAnalyzerTests {

	private final SqlAnalyzer analyzer = new SqlAnalyzer(ProfilerSettings.defaults());

	@Test
	void classifiesOnFirstKeywordAfterCommentsAndParentheses() {
		assertThat(operation("/* hint */ -- line\n  (SELECT 1)")).isEqualTo(SqlOperation.SELECT);
		assertThat(operation("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo(SqlOperation.SELECT);
		assertThat(operation("SET search_path TO public")).isEqualTo(SqlOperation.OTHER);
		assertThat(operation("SHOW TABLES")).isEqualTo(SqlOperation.OTHER);
		assertThat(operation("DROP TABLE t")).isEqualTo(SqlOperation.OTHER);
		assertThat(operation("delete from t")).isEqualTo(SqlOperation.DELETE);
		assertThat(operation("MERGE INTO t KEY (id) VALUES (1)")).isEqualTo(SqlOperation.INSERT);
		assertThat(operation("update t set a = 1")).isEqualTo(SqlOperation.UPDATE);
	}

	@Test
	void fingerprintReplacesLiteralsAndCollapsesInListsAndValuesRows() {
		assertThat(fingerprint("SELECT * FROM t WHERE a = 'it''s -- not a comment' AND b = 42.5e3 AND c IN (1, 2, 3)"))
			.isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?)");
		assertThat(fingerprint("SELECT * FROM t WHERE c IN (?, ?, ?)"))
			.isEqualTo(fingerprint("SELECT  *  FROM t /* x */ WHERE c IN (?)"));
		assertThat(fingerprint("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"))
			.isEqualTo("INSERT INTO t(a, b) VALUES (?, ?)");
		assertThat(fingerprint("SELECT \"weird 'name'\" FROM t1 WHERE x >= $1"))
			.isEqualTo("SELECT \"weird 'name'\" FROM t1 WHERE x >= ?");
	}

	@Test
	void findsTablesWithParserAndFallback() {
		assertThat(this.analyzer.analyze("SELECT a.x FROM Orders a JOIN customer c ON c.id = a.cid").getTables())
			.containsExactlyInAnyOrder("orders", "customer");
		assertThat(this.analyzer.analyze("CREATE TABLE IF NOT EXISTS audit (id INT)").getTables())
			.containsExactly("audit");
		assertThat(this.analyzer.analyze("UPDATE public.accounts SET a = 1").getTables()).containsExactly("accounts");
	}

	@Test
	void masksParametersByColumnAndWhenColumnIsUnknownInSensitiveStatement() {
		ProfilerSettings settings = ProfilerSettings.defaults();
		AnalyzedSql insert = this.analyzer.analyze("INSERT INTO users (name, password_hash) VALUES (?, ?)");
		assertThat(insert.isMasked(1, settings)).isFalse();
		assertThat(insert.isMasked(2, settings)).isTrue();
		AnalyzedSql update = this.analyzer.analyze("UPDATE users SET api_token = ? WHERE id = ? AND name LIKE ?");
		assertThat(update.isMasked(1, settings)).isTrue();
		assertThat(update.isMasked(2, settings)).isFalse();
		assertThat(update.isMasked(3, settings)).isFalse();
		AnalyzedSql call = this.analyzer.analyze("SELECT check_pwd(?) FROM users");
		assertThat(call.isMasked(1, settings)).isTrue();
		AnalyzedSql literal = this.analyzer.analyze("SELECT id FROM t WHERE a = 'x' AND secret = ?");
		assertThat(literal.isMasked(1, settings)).isTrue();
		assertThat(literal.getDisplaySql()).isEqualTo("SELECT id FROM t WHERE a = ? AND secret = ?");
	}

	@Test
	void literalsOfEveryDialectAreMaskedInFingerprintAndDisplay() {
		String secret = "hunter2";
		String[] statements = { "UPDATE users SET name = 'hunter2' WHERE id = 7",
				"SELECT id FROM users WHERE name = 'O\\'hunter2' AND id = 1",
				"SELECT id FROM users WHERE name = $$hunter2$$", "SELECT id FROM users WHERE name = $q$hunter2 'x'$q$",
				"SELECT id FROM users WHERE name = \"hunter2\"", "SELECT id FROM users WHERE name = E'it\\'s hunter2'",
				"SELECT id FROM users WHERE flags = 0xhunter2", "/* hunter2 */ SELECT id FROM users",
				"SELECT id FROM users -- hunter2\nWHERE id = ?" };
		for (String sql : statements) {
			AnalyzedSql analyzed = this.analyzer.analyze(sql);
			assertThat(analyzed.getFingerprint()).as(sql).doesNotContain(secret);
			assertThat(analyzed.getDisplaySql()).as(sql).doesNotContain(secret);
		}
		assertThat(fingerprint("SELECT id FROM users WHERE name = $$hunter2$$ AND id = $1"))
			.isEqualTo("SELECT id FROM users WHERE name = ? AND id = ?");
		assertThat(fingerprint("SELECT id FROM users WHERE name = 'O\\'Brien' AND id = 1"))
			.isEqualTo("SELECT id FROM users WHERE name = ? AND id = ?");
		assertThat(fingerprint("SELECT a.id FROM a JOIN b ON a.id = \"b\".\"id\""))
			.isEqualTo("SELECT a.id FROM a JOIN b ON a.id = \"b\".\"id\"");
	}

	@Test
	void statementWithoutLiteralsCommentsOrSensitiveNamesIsShownAsWritten() {
		assertThat(this.analyzer.analyze("SELECT id, name FROM users WHERE id = ?").getDisplaySql())
			.isEqualTo("SELECT id, name FROM users WHERE id = ?");
		assertThat(this.analyzer.analyze("SELECT id FROM users WHERE id = 42").getDisplaySql())
			.isEqualTo("SELECT id FROM users WHERE id = ?");
	}

	@Test
	void aFullCacheDropsAnEighthNotEverythingSoTextsCyclingPastItsBoundStillHit() {
		SqlAnalyzer small = new SqlAnalyzer(new ProfilerSettings(java.time.Duration.ofMillis(500), 1000, 64,
				CaptureMode.SLOW, CaptureMode.SLOW, ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS, true, 10));
		java.util.Map<String, AnalyzedSql> previous = new java.util.HashMap<>();
		int hits = 0;
		int lookups = 0;
		for (int round = 0; round < 50; round++) {
			for (int i = 0; i < 128; i++) {
				String sql = "SELECT " + i + " FROM t";
				AnalyzedSql analyzed = small.analyze(sql);
				if (analyzed == previous.put(sql, analyzed)) {
					hits++;
				}
				lookups++;
				assertThat(small.cachedTexts()).isLessThanOrEqualTo(64);
			}
		}
		// clearing the whole cache when full gave no hit at all on this cycle of twice its size
		assertThat(hits).isGreaterThan(lookups / 10);
	}

	@Test
	void parsesEachDistinctTextOnceAndStaysBounded() {
		AnalyzedSql first = this.analyzer.analyze("SELECT 1 FROM t");
		assertThat(this.analyzer.analyze("SELECT 1 FROM t")).isSameAs(first);
		for (int i = 0; i < 20_000; i++) {
			this.analyzer.analyze("SELECT " + i + " FROM t");
		}
		assertThat(this.analyzer.cachedTexts()).isLessThanOrEqualTo(ProfilerSettings.defaults().maxFingerprints());
	}

	private SqlOperation operation(String sql) {
		return this.analyzer.analyze(sql).getOperation();
	}

	private String fingerprint(String sql) {
		return this.analyzer.analyze(sql).getFingerprint();
	}

}
