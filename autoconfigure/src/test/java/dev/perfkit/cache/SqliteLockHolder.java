package dev.perfkit.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link LayeredCacheSqliteFaultTests}: opens a SQLite file, takes its write lock with
 * {@code BEGIN EXCLUSIVE}, prints {@code LOCKED} and holds the lock until its standard input closes.
 */
final class SqliteLockHolder {

	private SqliteLockHolder() {
	}

	public static void main(String[] args) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0] + "?busy_timeout=10000");
				Statement statement = connection.createStatement()) {
			statement.execute("BEGIN EXCLUSIVE");
			statement.executeUpdate("DELETE FROM perfkit_cache_entries WHERE 0");
			System.out.println("LOCKED");
			System.out.flush();
			try (BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				while (input.readLine() != null) {
					// hold the lock until the test closes our input
				}
			}
			statement.execute("ROLLBACK");
		}
	}

}
