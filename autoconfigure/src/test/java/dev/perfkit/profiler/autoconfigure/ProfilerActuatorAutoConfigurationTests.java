package dev.perfkit.profiler.autoconfigure;

import java.util.UUID;

import dev.perfkit.profiler.QueryObserver;
import dev.perfkit.profiler.actuate.ProfilerEndpoint;
import dev.perfkit.profiler.actuate.ProfilerEndpointWebExtension;
import dev.perfkit.profiler.health.ProfilerHealthIndicator;
import dev.perfkit.profiler.metrics.ProfilerMetrics;
import dev.perfkit.profiler.web.NPlusOneFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilerActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ProfilerAutoConfiguration.class,
				ProfilerActuatorAutoConfiguration.class, ProfilerMetricsAutoConfiguration.class,
				ProfilerWebAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
				"management.endpoints.web.exposure.include=profiler");

	@Test
	void providesEndpointHealthMetricsAndFilter() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProfilerEndpoint.class);
			assertThat(context).hasSingleBean(ProfilerEndpointWebExtension.class);
			assertThat(context).hasSingleBean(ProfilerHealthIndicator.class);
			assertThat(context).hasSingleBean(ProfilerMetrics.class);
			assertThat(context).hasSingleBean(NPlusOneFilter.class);
			assertThat(context.getBean(MeterRegistry.class).find("perfkit.db.slow.queries").counter()).isNotNull();
			assertThat(context.getBeansOfType(QueryObserver.class)).hasSize(1);
		});
	}

	@Test
	void noEndpointWhenNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(ProfilerEndpoint.class));
	}

	@Test
	void noHealthContributorWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.profiler.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProfilerHealthIndicator.class));
	}

	@Test
	void noMetricsWithoutMeterRegistry() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ProfilerAutoConfiguration.class,
					ProfilerMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> assertThat(context).doesNotHaveBean(ProfilerMetrics.class));
	}

	@Test
	void noFilterWhenNPlusOneDetectionIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.profiler.n-plus-one.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NPlusOneFilter.class));
	}

	@Test
	void nothingWhenProfilerIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.profiler.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProfilerEndpoint.class);
			assertThat(context).doesNotHaveBean(ProfilerMetrics.class);
			assertThat(context).doesNotHaveBean(NPlusOneFilter.class);
		});
	}

}
