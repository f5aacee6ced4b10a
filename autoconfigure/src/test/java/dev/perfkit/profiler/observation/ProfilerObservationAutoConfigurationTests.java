package dev.perfkit.profiler.observation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.autoconfigure.TestObservationRegistryConfiguration;
import dev.perfkit.profiler.autoconfigure.ProfilerAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.ProfilerObservationAutoConfiguration;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProfilerObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				ProfilerAutoConfiguration.class, ProfilerObservationAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"perfkit.profiler.observations.enabled=true")
		.withUserConfiguration(TestObservationRegistryConfiguration.class);

	@Test
	void statementsAndConnectionAcquisitionsAreObservedUnderDatasourceMicrometerNames() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			DataSource dataSource = context.getBean(DataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))");
				}
				try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
					insert.setInt(1, 1);
					insert.setString(2, "one");
					assertThat(insert.executeUpdate()).isEqualTo(1);
				}
				try (PreparedStatement select = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
					select.setInt(1, 1);
					try (ResultSet rows = select.executeQuery()) {
						assertThat(rows.next()).isTrue();
					}
				}
			}
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("jdbc.connection", 1)
				.hasNumberOfObservationsWithNameEqualTo("jdbc.query", 3)
				.hasObservationWithNameEqualTo("jdbc.connection")
				.that()
				.hasContextualNameEqualTo("connection")
				.hasLowCardinalityKeyValue("name", "dataSource")
				.hasBeenStopped();
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("jdbc.query")
				.hasContextualNameEqualTo("query")
				.hasLowCardinalityKeyValue("name", "dataSource")
				.hasLowCardinalityKeyValue("operation", "insert")
				.hasHighCardinalityKeyValue("jdbc.query[0]", "INSERT INTO item VALUES (?, ?)")
				.hasHighCardinalityKeyValue("jdbc.row-affected", "1"));
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("jdbc.query")
				.hasLowCardinalityKeyValue("operation", "select")
				.hasHighCardinalityKeyValue("jdbc.query[0]", "SELECT name FROM item WHERE id = ?")
				.doesNotHaveHighCardinalityKeyValueWithKey("jdbc.row-affected"));
		});
	}

	@Test
	void failedStatementObservationCarriesTheError() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.executeQuery("SELECT * FROM missing_table"));
			}
			assertThat(registry).hasObservationWithNameEqualTo("jdbc.query")
				.that()
				.assertThatError()
				.isInstanceOf(SQLException.class);
		});
	}

	@Test
	void batchIsOneObservationWithTheRowsItChanged() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("CREATE TABLE batched (id INT PRIMARY KEY)");
				}
				try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batched VALUES (?)")) {
					for (int i = 0; i < 3; i++) {
						insert.setInt(1, i);
						insert.addBatch();
					}
					insert.executeBatch();
				}
			}
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("jdbc.query", 2)
				.hasAnObservation((observation) -> observation
					.hasHighCardinalityKeyValue("jdbc.query[0]", "INSERT INTO batched VALUES (?)")
					.hasHighCardinalityKeyValue("jdbc.row-affected", "3"));
		});
	}

	@Test
	void userConventionReplacesTheDefault() {
		this.contextRunner.withUserConfiguration(UserConventions.class).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
			assertThat(registry).hasObservationWithNameEqualTo("app.sql")
				.that()
				.hasLowCardinalityKeyValue("db", "dataSource");
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("jdbc.query", 0)
				.hasNumberOfObservationsWithNameEqualTo("jdbc.connection", 1);
		});
	}

	@Test
	void offByProperty() {
		this.contextRunner.withPropertyValues("perfkit.profiler.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(JdbcObservations.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
			assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
		});
	}

	@Test
	void unsetTheyAreOffWithoutATracerOrWithTheNoopTracer() {
		ApplicationContextRunner unset = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataSourceAutoConfiguration.class,
					ProfilerAutoConfiguration.class, ProfilerObservationAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.withUserConfiguration(TestObservationRegistryConfiguration.class);
		// without a tracer, an observation would only feed timers that repeat perfkit.db.query, at a cost per statement;
		// Tracer.NOOP (Boot's when micrometer-tracing has no bridge) records nothing either
		unset.run((context) -> {
			executeOneStatement(context);
			assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
		});
		unset.withBean(Tracer.class, () -> Tracer.NOOP).run((context) -> {
			executeOneStatement(context);
			assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
		});
		// ProfilerObservationTracingTests: on with a bridge's tracer
	}

	private static void executeOneStatement(ApplicationContext context) throws SQLException {
		try (Connection connection = context.getBean(DataSource.class).getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
	}

	@Test
	void noObservationsWithoutARegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataSourceAutoConfiguration.class,
					ProfilerAutoConfiguration.class, ProfilerObservationAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcObservations.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConventions {

		@Bean
		JdbcQueryObservationConvention userQueryConvention() {
			return new JdbcQueryObservationConvention() {

				@Override
				public String getName() {
					return "app.sql";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(JdbcQueryContext context) {
					return KeyValues.of("db", context.getDataSourceName());
				}

			};
		}

	}

}
