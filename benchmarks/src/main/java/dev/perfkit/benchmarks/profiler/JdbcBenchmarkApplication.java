package dev.perfkit.benchmarks.profiler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.perfkit.benchmarks.NoTracing;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The application the JDBC benchmark's {@code boot*} variants start: Spring Boot auto-configuration on the benchmarks'
 * class path (the starter's libraries: Perfkit, Micrometer with Boot's default registry and observation handlers,
 * actuator), with the benchmark's HikariCP pool as the application's {@code DataSource} bean, which Perfkit's
 * post-processor wraps as it wraps any application's. So the observations are built as users get them, not by hand.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class JdbcBenchmarkApplication {

	/** How the application is started. */
	enum Setup {

		/** Perfkit's defaults, no tracer: the observation switch is unset, so no statement is observed. */
		DEFAULTS,

		/** {@code perfkit.profiler.observations.enabled=true}, no tracer: only Boot's default handlers (meters). */
		OBSERVED_NO_TRACER,

		/**
		 * Perfkit's defaults with Micrometer Tracing's Brave bridge auto-configured by Boot (so observations are on),
		 * every span sampled, spans counted and dropped (no reporter).
		 */
		TRACED_BRAVE

	}

	/**
	 * Starts the application.
	 * @param setup how
	 * @param pool the application's DataSource, left open when the context closes (it is the benchmark's)
	 * @return the running context
	 * @throws SQLException if the check statement fails
	 */
	static ConfigurableApplicationContext start(Setup setup, DataSource pool) throws SQLException {
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn",
				"spring.application.name=perfkit-jdbc-benchmark"));
		List<Class<?>> sources = new ArrayList<>(List.of(JdbcBenchmarkApplication.class));
		switch (setup) {
			case DEFAULTS -> properties.add(NoTracing.EXCLUDE);
			case OBSERVED_NO_TRACER -> {
				properties.add(NoTracing.EXCLUDE);
				properties.add("perfkit.profiler.observations.enabled=true");
			}
			case TRACED_BRAVE -> {
				properties.add("management.tracing.sampling.probability=1.0");
				properties.add("management.tracing.export.enabled=false");
				sources.add(FinishedSpans.class);
			}
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.initializers((GenericApplicationContext application) -> application.registerBean("dataSource",
					DataSource.class, () -> pool, (definition) -> definition.setDestroyMethodName("")))
			.run();
		check(setup, context);
		return context;
	}

	/** Fails the trial unless the context is what the variant claims: profiled, observed and traced as said. */
	private static void check(Setup setup, ConfigurableApplicationContext context) throws SQLException {
		DataSource dataSource = context.getBean(DataSource.class);
		if (!(dataSource instanceof ProfilingDataSource)) {
			throw new IllegalStateException("the DataSource bean is not profiled: " + dataSource.getClass().getName());
		}
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
		boolean observed = context.getBean(MeterRegistry.class).find("jdbc.query").timer() != null;
		if (observed != (setup != Setup.DEFAULTS)) {
			throw new IllegalStateException(setup + ": statement observed = " + observed);
		}
		boolean tracer = context.getBeanNamesForType(Tracer.class).length > 0;
		long spans = (setup == Setup.TRACED_BRAVE) ? context.getBean(FinishedSpans.class).count.sum() : 0;
		if (tracer != (setup == Setup.TRACED_BRAVE) || (setup == Setup.TRACED_BRAVE && spans == 0)) {
			throw new IllegalStateException(setup + ": tracer = " + tracer + ", finished spans = " + spans);
		}
	}

	/** Counts finished spans and drops them: a reporter that costs nothing beyond the tracer itself. */
	@Configuration(proxyBeanMethods = false)
	static class FinishedSpans {

		final LongAdder count = new LongAdder();

		@Bean
		SpanHandler countingSpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					FinishedSpans.this.count.increment();
					return true;
				}

			};
		}

	}

}
