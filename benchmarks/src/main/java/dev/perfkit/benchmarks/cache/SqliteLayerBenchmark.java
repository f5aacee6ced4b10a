package dev.perfkit.benchmarks.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.perfkit.cache.sqlite.SqliteCacheLayer;

/**
 * L3 reads and writes: Perfkit's SQLite layer against plain sqlite-jdbc prepared statements on the same schema, the
 * same pragmas (WAL, synchronous=NORMAL) and the same 200-byte values, each in its own file. One thread: SQLite
 * serializes writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class SqliteLayerBenchmark {

	private static final int KEYS = 1024;

	private static final String[] NO_TAGS = {};

	private final String[] keys = new String[KEYS];

	private final byte[] value = new byte[200];

	private Path directory;

	private SqliteCacheLayer layer;

	private Connection plain;

	private PreparedStatement plainSelect;

	private PreparedStatement plainUpsert;

	private int next;

	@Setup
	public void setUp() throws IOException, SQLException {
		this.directory = Files.createTempDirectory("perfkit-sqlite-bench");
		this.layer = new SqliteCacheLayer(this.directory.resolve("layer.db"), 1_000_000, Duration.ofMillis(200),
				Duration.ofHours(1));
		this.plain = DriverManager.getConnection("jdbc:sqlite:" + this.directory.resolve("plain.db")
				+ "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=200");
		try (Statement statement = this.plain.createStatement()) {
			statement.executeUpdate("CREATE TABLE entries (cache TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
					+ "expires_at INTEGER NOT NULL, tags TEXT, PRIMARY KEY (cache, key))");
			statement.executeUpdate("CREATE INDEX entries_expires_at ON entries (expires_at)");
		}
		this.plainSelect = this.plain
			.prepareStatement("SELECT value FROM entries WHERE cache = ? AND key = ? AND expires_at > ?");
		this.plainUpsert = this.plain.prepareStatement(
				"INSERT OR REPLACE INTO entries (cache, key, value, expires_at, tags) VALUES (?, ?, ?, ?, ?)");
		long expiresAt = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "product:" + i;
			this.layer.put("products", this.keys[i], this.value, expiresAt, NO_TAGS);
			plainPut(this.keys[i], expiresAt);
		}
	}

	@TearDown
	public void tearDown() throws SQLException, IOException {
		this.layer.close();
		this.plain.close();
		try (var files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(this.directory);
	}

	@Benchmark
	public byte[] perfkitL3Get() {
		return this.layer.get("products", nextKey());
	}

	@Benchmark
	public byte[] plainJdbcGet() throws SQLException {
		this.plainSelect.setString(1, "products");
		this.plainSelect.setString(2, nextKey());
		this.plainSelect.setLong(3, System.currentTimeMillis());
		try (ResultSet rows = this.plainSelect.executeQuery()) {
			return rows.next() ? rows.getBytes(1) : null;
		}
	}

	@Benchmark
	public void perfkitL3Put() {
		this.layer.put("products", nextKey(), this.value, System.currentTimeMillis() + 3_600_000, NO_TAGS);
	}

	@Benchmark
	public void plainJdbcPut() throws SQLException {
		plainPut(nextKey(), System.currentTimeMillis() + 3_600_000);
	}

	private void plainPut(String key, long expiresAt) throws SQLException {
		this.plainUpsert.setString(1, "products");
		this.plainUpsert.setString(2, key);
		this.plainUpsert.setBytes(3, this.value);
		this.plainUpsert.setLong(4, expiresAt);
		this.plainUpsert.setString(5, null);
		this.plainUpsert.executeUpdate();
	}

	private String nextKey() {
		this.next = (this.next + 1) & (KEYS - 1);
		return this.keys[this.next];
	}

}
