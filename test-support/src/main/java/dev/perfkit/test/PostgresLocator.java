package dev.perfkit.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds a PostgreSQL database for tests, in this order:
 * <ol>
 * <li>the {@code POSTGRES_URL} environment variable (a JDBC URL), with
 * {@code POSTGRES_USER} and {@code POSTGRES_PASSWORD} when set;</li>
 * <li>database {@code test} on {@code 127.0.0.1:5432}, as user {@code postgres} or the
 * operating system user, without a password;</li>
 * <li>a {@code postgres:17-alpine} container, when Testcontainers finds Docker.</li>
 * </ol>
 * Each candidate must accept a real connection. With none, {@link #locate()} fails: a
 * missing database is a failure, not a reason to skip tests. The result is kept for the
 * JVM; a container ends when the JVM exits.
 *
 * @since 0.1.0
 */
public final class PostgresLocator {

	private static final Logger logger = LoggerFactory.getLogger(PostgresLocator.class);

	/**
	 * Environment variable that names the database to use, as a JDBC URL.
	 */
	public static final String POSTGRES_URL = "POSTGRES_URL";

	/**
	 * Environment variable with the user name for {@value #POSTGRES_URL}.
	 */
	public static final String POSTGRES_USER = "POSTGRES_USER";

	/**
	 * Environment variable with the password for {@value #POSTGRES_URL}.
	 */
	public static final String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";

	static final String LOOPBACK_HOST = "127.0.0.1";

	static final int LOOPBACK_PORT = 5432;

	static final String DATABASE = "test";

	private static final String IMAGE = "postgres:17-alpine";

	private static @Nullable PostgresDatabase located;

	private PostgresLocator() {
	}

	/**
	 * Returns the database that tests in this JVM use, finding or starting it on first
	 * use.
	 * @return the database
	 * @throws IllegalStateException if no database is available, with what to set up
	 */
	public static synchronized PostgresDatabase locate() {
		if (located == null) {
			located = locate(System.getenv(), LOOPBACK_HOST, LOOPBACK_PORT, Docker::isAvailable);
			logger.info("Tests use PostgreSQL at {} ({})", located.jdbcUrl(), located.source());
		}
		return located;
	}

	static PostgresDatabase locate(Map<String, String> env, String loopbackHost, int loopbackPort,
			BooleanSupplier dockerAvailable) {
		String url = env.get(POSTGRES_URL);
		if (url != null && !url.isBlank()) {
			PostgresDatabase database = new PostgresDatabase(url.trim(), blankToNull(env.get(POSTGRES_USER)),
					blankToNull(env.get(POSTGRES_PASSWORD)), POSTGRES_URL);
			try {
				check(database);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(POSTGRES_URL + " is set to " + url + " but no connection could be made"
						+ ((database.username() != null) ? " as user '" + database.username() + "'" : "") + ": "
						+ ex.getMessage() + ". Fix " + POSTGRES_URL + ", " + POSTGRES_USER + " and "
						+ POSTGRES_PASSWORD + ", or unset them to use " + loopbackHost + ":" + loopbackPort + ".", ex);
			}
			return database;
		}
		String loopbackUrl = "jdbc:postgresql://" + loopbackHost + ":" + loopbackPort + "/" + DATABASE;
		List<String> failures = new ArrayList<>();
		for (String user : loopbackUsers()) {
			PostgresDatabase database = new PostgresDatabase(loopbackUrl, user, null,
					"PostgreSQL on " + loopbackHost + ":" + loopbackPort + " as " + user);
			try {
				check(database);
				return database;
			}
			catch (SQLException ex) {
				failures.add("as '" + user + "': " + ex.getMessage());
			}
		}
		if (dockerAvailable.getAsBoolean()) {
			return startContainer();
		}
		throw new IllegalStateException("No PostgreSQL for tests: " + POSTGRES_URL + " is not set, " + loopbackUrl
				+ " refused a connection (" + String.join("; ", failures) + ") and Docker is not available for "
				+ "Testcontainers. Set " + POSTGRES_URL + " (a JDBC URL) with " + POSTGRES_USER + " and "
				+ POSTGRES_PASSWORD + ", or run PostgreSQL on " + loopbackHost + ":" + loopbackPort
				+ " with a database '" + DATABASE + "' that user 'postgres' may use without a password, "
				+ "or start Docker.");
	}

	private static Set<String> loopbackUsers() {
		Set<String> users = new LinkedHashSet<>();
		users.add("postgres");
		String osUser = System.getProperty("user.name");
		if (osUser != null && !osUser.isBlank()) {
			users.add(osUser);
		}
		return users;
	}

	private static void check(PostgresDatabase database) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			result.next();
		}
	}

	private static PostgresDatabase startContainer() {
		PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withDatabaseName(DATABASE);
		ManagedProcesses.register(container);
		container.start();
		return new PostgresDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
				"Testcontainers " + IMAGE);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

}
