package dev.perfkit.profiler.autoconfigure;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The percentile histogram of {@code perfkit.db.query} is the application's choice, made with Boot's own
 * {@code management.metrics.distribution.*} properties: off by default, so a scrape holds no bucket per statement
 * shape unless it is asked for.
 */
class ProfilerMetricsHistogramTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				PrometheusMetricsExportAutoConfiguration.class, PerfkitAutoConfiguration.class,
				DataSourceAutoConfiguration.class, ProfilerMetricsAutoConfiguration.class,
				ProfilerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void noBucketsByDefault() {
		this.contextRunner.run((context) -> {
			String scrape = scrapeAfterAStatement(context);
			assertThat(scrape).contains("perfkit_db_query_seconds_count").doesNotContain("perfkit_db_query_seconds_bucket");
		});
	}

	@Test
	void bucketsWhenTheApplicationAsksForThePercentileHistogram() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.percentiles-histogram.perfkit.db.query=true")
			.run((context) -> assertThat(scrapeAfterAStatement(context)).contains("perfkit_db_query_seconds_bucket"));
	}

	@Test
	void aSmallServiceLevelSetGivesFewBuckets() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.slo.perfkit.db.query=10ms,100ms,1s")
			.run((context) -> assertThat(scrapeAfterAStatement(context).lines()
				.filter((line) -> line.startsWith("perfkit_db_query_seconds_bucket"))).hasSize(4));
	}

	private static String scrapeAfterAStatement(AssertableApplicationContext context) throws Exception {
		try (Connection connection = context.getBean(DataSource.class).getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
		return context.getBean(PrometheusMeterRegistry.class).scrape();
	}

}
