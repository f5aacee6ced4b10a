package dev.perfkit.cache.warming;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfkit.cache.HotKeys.HotKey;

/**
 * Hot keys of every cache in a table of the cache's SQLite file, so that they survive a restart. Each call opens its
 * own short-lived connection: the store is written every warming interval and at shutdown, never on a request.
 * Rows carry the application's namespace, like the L3 entries: two applications sharing one file never read or
 * replace each other's hot keys. A table written by an older version (rows without a namespace) is dropped on first
 * use: hot keys are a hint for warming, rebuilt from traffic.
 *
 * @since 0.1.0
 */
public class HotKeyStore {

	private static final String TABLE = "perfkit_hot_keys";

	private final Path path;

	private final String namespace;

	/**
	 * Creates a store for hot keys without a namespace.
	 * @param path the SQLite file
	 */
	public HotKeyStore(Path path) {
		this(path, "");
	}

	/**
	 * Creates a store.
	 * @param path the SQLite file
	 * @param namespace the application's namespace, carried by every row it writes and required of every row it reads
	 */
	public HotKeyStore(Path path, String namespace) {
		this.path = path;
		this.namespace = namespace;
	}

	/**
	 * Replaces the stored hot keys of a cache.
	 * @param cache the cache name
	 * @param keys the hot keys
	 * @throws SQLException if the file cannot be written
	 */
	public synchronized void save(String cache, List<HotKey> keys) throws SQLException {
		try (Connection connection = connect()) {
			connection.setAutoCommit(false);
			try (PreparedStatement delete = connection
				.prepareStatement("DELETE FROM " + TABLE + " WHERE namespace = ? AND cache = ?");
					PreparedStatement insert = connection.prepareStatement(
							"INSERT INTO " + TABLE + " (namespace, cache, cache_key, hits, load_nanos) VALUES (?, ?, ?, ?, ?)")) {
				delete.setString(1, this.namespace);
				delete.setString(2, cache);
				delete.executeUpdate();
				for (HotKey key : keys) {
					insert.setString(1, this.namespace);
					insert.setString(2, cache);
					insert.setString(3, key.key());
					insert.setLong(4, key.count());
					insert.setLong(5, key.loadNanos());
					insert.addBatch();
				}
				insert.executeBatch();
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
		}
	}

	/**
	 * Reads the stored hot keys of every cache of the namespace, hottest first.
	 * @return hot keys by cache name
	 * @throws SQLException if the file cannot be read
	 */
	public synchronized Map<String, List<HotKey>> load() throws SQLException {
		Map<String, List<HotKey>> keys = new LinkedHashMap<>();
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("SELECT cache, cache_key, hits, load_nanos FROM "
						+ TABLE + " WHERE namespace = ? ORDER BY cache, hits DESC")) {
			statement.setString(1, this.namespace);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					keys.computeIfAbsent(rows.getString(1), (cache) -> new ArrayList<>())
						.add(new HotKey(rows.getString(2), rows.getLong(3), rows.getLong(4)));
				}
			}
		}
		return keys;
	}

	private Connection connect() throws SQLException {
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
		}
		catch (java.io.IOException ex) {
			throw new SQLException("Cannot create the directory of " + this.path, ex);
		}
		Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.path.toAbsolutePath());
		try (Statement statement = connection.createStatement()) {
			statement.execute("PRAGMA busy_timeout = 5000");
			if (!hasNamespaceColumn(statement)) {
				statement.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
			}
			statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (namespace TEXT NOT NULL, "
					+ "cache TEXT NOT NULL, cache_key TEXT NOT NULL, hits INTEGER NOT NULL, "
					+ "load_nanos INTEGER NOT NULL, PRIMARY KEY (namespace, cache, cache_key))");
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	// false for a table of an older version (no namespace column) and for no table at all
	private static boolean hasNamespaceColumn(Statement statement) throws SQLException {
		try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + TABLE + ")")) {
			while (columns.next()) {
				if ("namespace".equals(columns.getString("name"))) {
					return true;
				}
			}
		}
		return false;
	}

}
