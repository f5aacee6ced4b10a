package dev.perfkit.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL database for tests, and how it was found.
 *
 * @param jdbcUrl the JDBC URL
 * @param username the user name, or {@code null} when the URL carries it
 * @param password the password, or {@code null} for none
 * @param source a short description of where the database came from, for logs and
 * failure messages
 * @since 0.1.0
 */
public record PostgresDatabase(String jdbcUrl, @Nullable String username, @Nullable String password,
		String source) {

	private static final String TIMEOUT_SECONDS = "3";

	/**
	 * Creates a database descriptor, checking its values.
	 * @param jdbcUrl the JDBC URL
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param source where the database came from
	 */
	public PostgresDatabase {
		Objects.requireNonNull(jdbcUrl, "'jdbcUrl' must not be null");
		Objects.requireNonNull(source, "'source' must not be null");
	}

	/**
	 * Opens a new connection with short login and connect timeouts.
	 * @return a new connection, to be closed by the caller
	 * @throws SQLException if the database cannot be reached
	 */
	public Connection connect() throws SQLException {
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("loginTimeout", TIMEOUT_SECONDS);
		properties.setProperty("connectTimeout", TIMEOUT_SECONDS);
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

	@Override
	public String toString() {
		return "PostgresDatabase[jdbcUrl=" + this.jdbcUrl + ", username=" + this.username + ", source=" + this.source
				+ "]";
	}

}
