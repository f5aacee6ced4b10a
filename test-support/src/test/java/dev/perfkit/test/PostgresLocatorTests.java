package dev.perfkit.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PostgresLocatorTests {

	@Test
	void locatedDatabaseRunsSelectOneAndIsKeptForTheJvm() throws Exception {
		PostgresDatabase database = PostgresLocator.locate();
		assertThat(PostgresLocator.locate()).isSameAs(database);
		assertThat(selectOne(database)).isEqualTo(1);
	}

	@Test
	void machineDatabaseIsFoundOnLoopbackAsPostgres() throws Exception {
		PostgresDatabase database = PostgresLocator.locate(Map.of(), PostgresLocator.LOOPBACK_HOST,
				PostgresLocator.LOOPBACK_PORT, () -> false);
		assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
		assertThat(database.username()).isEqualTo("postgres");
		assertThat(database.password()).isNull();
		assertThat(selectOne(database)).isEqualTo(1);
	}

	@Test
	void postgresUrlTakesPrecedenceOverLoopback() throws Exception {
		PostgresDatabase located = PostgresLocator.locate();
		Map<String, String> env = new HashMap<>();
		env.put("POSTGRES_URL", located.jdbcUrl());
		if (located.username() != null) {
			env.put("POSTGRES_USER", located.username());
		}
		if (located.password() != null) {
			env.put("POSTGRES_PASSWORD", located.password());
		}
		int silentPort = FreePorts.find();
		try {
			PostgresDatabase database = PostgresLocator.locate(env, "127.0.0.1", silentPort, () -> false);
			assertThat(database.source()).isEqualTo("POSTGRES_URL");
			assertThat(database.jdbcUrl()).isEqualTo(located.jdbcUrl());
			assertThat(selectOne(database)).isEqualTo(1);
		}
		finally {
			FreePorts.release(silentPort);
		}
	}

	@Test
	void postgresUrlThatRefusesConnectionsFailsNamingTheVariable() {
		int silentPort = FreePorts.find();
		try {
			Map<String, String> env = Map.of("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:" + silentPort + "/test");
			assertThatIllegalStateException()
				.isThrownBy(() -> PostgresLocator.locate(env, "127.0.0.1", 5432, () -> false))
				.withMessageContaining("POSTGRES_URL is set to jdbc:postgresql://127.0.0.1:" + silentPort);
		}
		finally {
			FreePorts.release(silentPort);
		}
	}

	@Test
	void noDatabaseFailsWithWhatToSetUp() {
		int silentPort = FreePorts.find();
		try {
			assertThatIllegalStateException()
				.isThrownBy(() -> PostgresLocator.locate(Map.of(), "127.0.0.1", silentPort, () -> false))
				.withMessageContaining("No PostgreSQL for tests")
				.withMessageContaining("Set POSTGRES_URL")
				.withMessageContaining("start Docker");
		}
		finally {
			FreePorts.release(silentPort);
		}
	}

	private static int selectOne(PostgresDatabase database) throws Exception {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			assertThat(result.next()).isTrue();
			return result.getInt(1);
		}
	}

}
