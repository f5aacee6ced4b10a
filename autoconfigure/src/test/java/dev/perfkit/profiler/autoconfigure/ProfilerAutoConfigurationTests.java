package dev.perfkit.profiler.autoconfigure;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.explain.PlanCapturer;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				ProfilerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void wrapsHikariDataSourceAndKeepsUnwrapHonest() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(QueryProfiler.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(ProfilingDataSource.class);
			assertThat(dataSource.unwrap(HikariDataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
			assertThat(context.getBean(QueryProfiler.class).statistics().totalQueries()).isEqualTo(1);
			assertThat(context.getBean(QueryProfiler.class).history(1).get(0).getDataSource())
				.isEqualTo("dataSource");
		});
	}

	@Test
	void thresholdZeroMakesEveryStatementSlow() {
		this.contextRunner.withPropertyValues("perfkit.profiler.slow-query-threshold=0ms").run((context) -> {
			assertThat(context).hasNotFailed();
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
				statement.execute("SELECT 2");
			}
			assertThat(context.getBean(QueryProfiler.class).slowQueries(null, 10)).hasSize(2);
		});
	}

	@Test
	void keepsHikariPoolMetrics() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class))
			.run((context) -> {
				context.getBean(DataSource.class).getConnection().close();
				assertThat(context.getBean(MeterRegistry.class).find("hikaricp.connections").gauge()).isNotNull();
			});
	}

	@Test
	void leavesExcludedDataSourceAlone() {
		this.contextRunner.withPropertyValues("perfkit.profiler.data-sources.exclude=data*")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

	@Test
	void wrapsOnlyIncludedDataSources() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("perfkit.profiler.data-sources.include=reporting*")
			.run((context) -> {
				assertThat(context.getBean("reportingDataSource")).isInstanceOf(ProfilingDataSource.class);
				assertThat(context.getBean("ordersDataSource")).isInstanceOf(DriverManagerDataSource.class);
			});
	}

	@Test
	void capturesPlansOnlyWhenExplainIsEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(PlanCapturer.class));
		this.contextRunner.withPropertyValues("perfkit.profiler.explain.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(PlanCapturer.class);
			assertThat(context.getBean(QueryProfiler.class)).isNotNull();
		});
	}

	@Test
	void backsOffWhenProfilerIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.profiler.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(QueryProfiler.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void backsOffWhenPerfkitIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(QueryProfiler.class));
	}

	@Test
	void backsOffWithoutDataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProfilerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(QueryProfiler.class));
	}

	@Test
	void usesUserDefinedProfiler() {
		this.contextRunner.withBean("customProfiler", QueryProfiler.class, QueryProfiler::new).run((context) -> {
			assertThat(context).hasSingleBean(QueryProfiler.class);
			assertThat(context).hasBean("customProfiler");
		});
	}

	@Test
	void failsOnInvalidProfilerProperties() {
		this.contextRunner.withPropertyValues("perfkit.profiler.max-history=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("perfkit.profiler.max-history");
		});
		this.contextRunner.withPropertyValues("perfkit.profiler.slow-query-threshold=-1s")
			.run((context) -> assertThat(context).hasFailed());
		this.contextRunner.withPropertyValues("perfkit.profiler.n-plus-one.threshold=1")
			.run((context) -> assertThat(context).hasFailed());
		this.contextRunner.withPropertyValues("perfkit.profiler.capture-stack-trace=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getAction()).contains("never, slow, always");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		DriverManagerDataSource reportingDataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:reporting");
		}

		@Bean
		DriverManagerDataSource ordersDataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:orders");
		}

	}

}
