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
 *
 * @since 0.1.0
 */
public class HotKeyStore {

	private static final String TABLE = "perfkit_hot_keys";

	private final Path path;

	/**
	 * Creates a store.
	 * @param path the SQLite file
	 */
	public HotKeyStore(Path path) {
		this.path = path;
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
			try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE cache = ?");
					PreparedStatement insert = connection.prepareStatement(
							"INSERT INTO " + TABLE + " (cache, cache_key, hits, load_nanos) VALUES (?, ?, ?, ?)")) {
				delete.setString(1, cache);
				delete.executeUpdate();
				for (HotKey key : keys) {
					insert.setString(1, cache);
					insert.setString(2, key.key());
					insert.setLong(3, key.count());
					insert.setLong(4, key.loadNanos());
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
	 * Reads the stored hot keys of every cache, hottest first.
	 * @return hot keys by cache name
	 * @throws SQLException if the file cannot be read
	 */
	public synchronized Map<String, List<HotKey>> load() throws SQLException {
		Map<String, List<HotKey>> keys = new LinkedHashMap<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT cache, cache_key, hits, load_nanos FROM " + TABLE
						+ " ORDER BY cache, hits DESC")) {
			while (rows.next()) {
				keys.computeIfAbsent(rows.getString(1), (cache) -> new ArrayList<>())
					.add(new HotKey(rows.getString(2), rows.getLong(3), rows.getLong(4)));
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
			statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (cache TEXT NOT NULL, "
					+ "cache_key TEXT NOT NULL, hits INTEGER NOT NULL, load_nanos INTEGER NOT NULL, "
					+ "PRIMARY KEY (cache, cache_key))");
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

}
