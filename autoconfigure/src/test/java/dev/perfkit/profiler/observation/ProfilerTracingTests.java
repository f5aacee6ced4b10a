package dev.perfkit.profiler.observation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.profiler.NPlusOneIncident;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.QueryRecord;
import dev.perfkit.profiler.autoconfigure.ProfilerAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.ProfilerMetricsAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.ProfilerObservationAutoConfiguration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profiler with Boot's tracing (Brave bridge, spans kept in memory) and Prometheus registry.
 */
class ProfilerTracingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class,
				PrometheusExemplarsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DataSourceAutoConfiguration.class, PerfkitAutoConfiguration.class, ProfilerAutoConfiguration.class,
				ProfilerMetricsAutoConfiguration.class, ProfilerObservationAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"management.tracing.sampling.probability=1.0", "perfkit.profiler.slow-query-threshold=0ms",
				"management.metrics.distribution.percentiles-histogram.perfkit.db.query=true")
		.withUserConfiguration(InMemorySpans.class);

	@Test
	void statementSpansAreChildrenOfTheCurrentSpanAndSlowQueriesAndNPlusOneCarryItsTraceId() {
		this.contextRunner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			QueryProfiler profiler = context.getBean(QueryProfiler.class);
			Span request = tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				selectFiveTimes(context.getBean(DataSource.class), profiler);
			}
			finally {
				request.end();
			}
			String traceId = request.context().traceId();

			QueryRecord slow = profiler.slowQueries(null, 1).get(0);
			assertThat(slow.getTraceId()).isEqualTo(traceId);
			NPlusOneIncident incident = profiler.nPlusOneIncidents().get(0);
			assertThat(incident.traceId()).isEqualTo(traceId);

			List<MutableSpan> spans = context.getBean(InMemorySpans.class).spans;
			assertThat(spans).filteredOn((span) -> "query".equals(span.name())).hasSize(6).allSatisfy((span) -> {
				assertThat(span.traceId()).isEqualTo(traceId);
				assertThat(span.parentId()).isEqualTo(request.context().spanId());
				assertThat(span.tags()).containsKey("jdbc.query[0]").containsEntry("name", "dataSource");
			});
			assertThat(spans).filteredOn((span) -> "connection".equals(span.name())).hasSize(1);
		});
	}

	@Test
	void outsideATraceRecordsHaveNoTraceId() {
		this.contextRunner.run((context) -> {
			QueryProfiler profiler = context.getBean(QueryProfiler.class);
			selectFiveTimes(context.getBean(DataSource.class), profiler);
			assertThat(profiler.slowQueries(null, 1).get(0).getTraceId()).isNull();
			assertThat(profiler.nPlusOneIncidents().get(0).traceId()).isNull();
		});
	}

	@Test
	void queryTimerHasExemplarsOfTheTrace() {
		this.contextRunner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			Span request = tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				selectFiveTimes(context.getBean(DataSource.class), context.getBean(QueryProfiler.class));
			}
			finally {
				request.end();
			}
			String scrape = context.getBean(PrometheusMeterRegistry.class)
				.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
			assertThat(scrape.lines().filter((line) -> line.startsWith("perfkit_db_query_seconds_bucket"))
				.filter((line) -> line.contains("trace_id=\"" + request.context().traceId() + "\"")))
				.isNotEmpty();
		});
	}

	private static void selectFiveTimes(DataSource dataSource, QueryProfiler profiler) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS pet (id INT PRIMARY KEY, owner_id INT)");
			}
			try (QueryProfiler.Scope scope = profiler.openScope("GET /owners")) {
				for (int owner = 1; owner <= 5; owner++) {
					try (PreparedStatement select = connection.prepareStatement("SELECT id FROM pet WHERE owner_id = ?")) {
						select.setInt(1, owner);
						try (ResultSet rows = select.executeQuery()) {
							rows.next();
						}
					}
				}
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class InMemorySpans {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean
		SpanHandler inMemorySpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					InMemorySpans.this.spans.add(span);
					return true;
				}

			};
		}

	}

}
