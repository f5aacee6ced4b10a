package dev.perfkit.cache.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteCacheLayerTests {

	private static final String[] NO_TAGS = {};

	@TempDir
	Path temp;

	@Test
	void purgeDeletesExpiredEntriesThenTheSoonestExpiringBeyondMaxEntries() {
		try (SqliteCacheLayer layer = new SqliteCacheLayer(this.temp.resolve("purge.db"), 5, Duration.ofMillis(200),
				Duration.ofHours(1))) {
			long now = System.currentTimeMillis();
			layer.put("c", "expired-1", new byte[] { 1 }, now - 1000, NO_TAGS);
			layer.put("c", "expired-2", new byte[] { 1 }, now - 10, NO_TAGS);
			for (int i = 1; i <= 8; i++) {
				layer.put("c", "live-" + i, new byte[] { 1 }, now + i * 60_000L, NO_TAGS);
			}
			assertThat(layer.purge()).isEqualTo(5);
			assertThat(layer.size("c")).isEqualTo(5);
			assertThat(layer.get("c", "live-3")).isNull();
			assertThat(layer.get("c", "live-4")).isNotNull();
			assertThat(layer.get("c", "live-8")).isNotNull();
		}
	}

	@Test
	void fileIsInWalModeWithAnIndexOnExpiry() throws Exception {
		Path file = this.temp.resolve("wal.db");
		try (SqliteCacheLayer layer = new SqliteCacheLayer(file, 5, Duration.ofMillis(200), Duration.ofHours(1))) {
			layer.put("c", "k", new byte[] { 1 }, System.currentTimeMillis() + 60_000, NO_TAGS);
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
					Statement statement = connection.createStatement()) {
				try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
					mode.next();
					assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
				}
				try (ResultSet plan = statement
					.executeQuery("EXPLAIN QUERY PLAN DELETE FROM perfkit_cache_entries WHERE expires_at <= 0")) {
					plan.next();
					assertThat(plan.getString("detail")).contains("perfkit_cache_entries_expires_at");
				}
			}
		}
	}

	@Test
	void tagsAreInvalidatedLiterallyEvenWithLikeWildcards() {
		try (SqliteCacheLayer layer = new SqliteCacheLayer(this.temp.resolve("tags.db"), 100, Duration.ofMillis(200),
				Duration.ofHours(1))) {
			long later = System.currentTimeMillis() + 60_000;
			layer.put("c", "1", new byte[] { 1 }, later, new String[] { "50%_off" });
			layer.put("c", "2", new byte[] { 1 }, later, new String[] { "50xyoff" });
			layer.invalidateTags(List.of("50%_off"));
			assertThat(layer.get("c", "1")).isNull();
			assertThat(layer.get("c", "2")).isNotNull();
		}
	}

	@Test
	void twoApplicationsSharingOneFileNeverSeeEachOthersEntries() {
		Path file = this.temp.resolve("shared.db");
		long later = System.currentTimeMillis() + 60_000;
		try (SqliteCacheLayer a = new SqliteCacheLayer(file, "app-a", 100, Duration.ofMillis(200), Duration.ofHours(1));
				SqliteCacheLayer b = new SqliteCacheLayer(file, "app-b", 100, Duration.ofMillis(200),
						Duration.ofHours(1))) {
			a.put("c", "k", new byte[] { 'a' }, later, new String[] { "t" });
			assertThat(b.get("c", "k")).isNull();
			b.put("c", "k", new byte[] { 'b' }, later, new String[] { "t" });
			assertThat(a.get("c", "k")).containsExactly('a');
			assertThat(b.get("c", "k")).containsExactly('b');
			b.invalidateTags(List.of("t"));
			b.clear("c");
			b.evict("c", "k");
			assertThat(a.get("c", "k")).containsExactly('a');
			assertThat(a.size("c")).isEqualTo(1);
			assertThat(b.size("c")).isZero();
		}
	}

	@Test
	void aFileOfTheFirstSchemaIsMigratedAndItsUnattributableRowsDropped() throws Exception {
		Path file = this.temp.resolve("old.db");
		long later = System.currentTimeMillis() + 60_000;
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE perfkit_cache_entries (cache TEXT NOT NULL, key TEXT NOT NULL, "
					+ "value BLOB NOT NULL, expires_at INTEGER NOT NULL, tags TEXT, PRIMARY KEY (cache, key))");
			statement.executeUpdate("INSERT INTO perfkit_cache_entries VALUES ('c', 'k', x'01', " + later + ", '|t|')");
		}
		try (SqliteCacheLayer layer = new SqliteCacheLayer(file, "app", 100, Duration.ofMillis(200),
				Duration.ofHours(1))) {
			assertThat(layer.get("c", "k")).isNull();
			layer.put("c", "k", new byte[] { 2 }, later, new String[] { "t" });
			assertThat(layer.get("c", "k")).containsExactly(2);
			layer.invalidateTags(List.of("t"));
			assertThat(layer.get("c", "k")).isNull();
		}
	}

	@Test
	void tagsAreInAnIndexedSideTableAndLeaveWithTheirEntry() throws Exception {
		Path file = this.temp.resolve("side.db");
		long later = System.currentTimeMillis() + 60_000;
		try (SqliteCacheLayer layer = new SqliteCacheLayer(file, "app", 100, Duration.ofMillis(200),
				Duration.ofHours(1))) {
			layer.put("c", "1", new byte[] { 1 }, later, new String[] { "x", "y" });
			layer.put("c", "1", new byte[] { 1 }, later, new String[] { "y" });
			layer.put("c", "2", new byte[] { 1 }, later, new String[] { "x" });
			layer.invalidateTags(List.of("x"));
			assertThat(layer.get("c", "1")).isNotNull();
			assertThat(layer.get("c", "2")).isNull();
			layer.evict("c", "1");
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
					Statement statement = connection.createStatement()) {
				try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM perfkit_cache_tags")) {
					rows.next();
					assertThat(rows.getInt(1)).isZero();
				}
				try (ResultSet plan = statement.executeQuery(
						"EXPLAIN QUERY PLAN SELECT * FROM perfkit_cache_tags WHERE namespace = 'app' AND tag = 'x'")) {
					plan.next();
					assertThat(plan.getString("detail")).contains("PRIMARY KEY");
				}
			}
		}
	}

}
