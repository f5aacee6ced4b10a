package dev.perfkit.profiler.observation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.ProfilerAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.ProfilerObservationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a JDBC statement is an observation in an application whose tracing Spring Boot configures, with
 * {@code perfkit.profiler.observations.enabled} unset: not with Boot's {@code Tracer.NOOP} (micrometer-tracing without
 * a bridge), where no handler would record anything of it; yes with Brave's tracer, even when its spans are exported
 * nowhere or not sampled (they still carry the ids of log lines and slow-statement records). A handler of the test's
 * own counts the observations that reach Boot's registry.
 */
class ProfilerObservationTracingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, BraveAutoConfiguration.class,
				NoopTracerAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				PerfkitAutoConfiguration.class, DataSourceAutoConfiguration.class, ProfilerAutoConfiguration.class,
				ProfilerObservationAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
		.withUserConfiguration(CountingHandlerConfiguration.class);

	@Test
	void noStatementObservationsWithBootsNoopTracer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("brave.", "io.micrometer.tracing.brave."))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
				assertThat(statementObservations(context, 3)).isZero();
			});
	}

	@Test
	void noopTracerWithObservationsSwitchedOnExplicitlyObservesEveryStatement() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("brave.", "io.micrometer.tracing.brave."))
			.withPropertyValues("perfkit.profiler.observations.enabled=true")
			.run((context) -> assertThat(statementObservations(context, 3)).isEqualTo(3));
	}

	@Test
	void everyStatementIsObservedWithBravesTracerWhoseExportIsOff() {
		this.contextRunner.withPropertyValues("management.tracing.export.enabled=false").run((context) -> {
			assertThat(context.getBean(Tracer.class)).isNotSameAs(Tracer.NOOP);
			assertThat(statementObservations(context, 3)).isEqualTo(3);
		});
	}

	@Test
	void everyStatementIsObservedWithBravesTracerThatSamplesNothing() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0")
			.run((context) -> assertThat(statementObservations(context, 3)).isEqualTo(3));
	}

	private static int statementObservations(ApplicationContext context, int statements) throws SQLException {
		try (Connection connection = context.getBean(DataSource.class).getConnection();
				Statement statement = connection.createStatement()) {
			for (int i = 0; i < statements; i++) {
				statement.execute("SELECT 1");
			}
		}
		return context.getBean(StatementCounter.class).started.get();
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingHandlerConfiguration {

		@Bean
		StatementCounter statementCounter() {
			return new StatementCounter();
		}

	}

	static class StatementCounter implements ObservationHandler<JdbcQueryContext> {

		final AtomicInteger started = new AtomicInteger();

		@Override
		public void onStart(JdbcQueryContext context) {
			this.started.incrementAndGet();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof JdbcQueryContext;
		}

	}

}
