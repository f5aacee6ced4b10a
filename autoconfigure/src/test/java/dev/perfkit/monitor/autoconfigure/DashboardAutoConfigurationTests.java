package dev.perfkit.monitor.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.monitor.dashboard.DashboardRoutes;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DashboardAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, ValidationAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, DashboardAutoConfiguration.class));

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(DashboardRoutes.class));
	}

	@Test
	void servesThePageItsAssetsAndChartJsFromTheClassPath() {
		this.contextRunner
			.withPropertyValues("perfkit.dashboard.enabled=true", "perfkit.dashboard.refresh-interval=2s",
					"management.endpoints.web.base-path=/manage")
			.run((context) -> {
				assertThat(context).hasSingleBean(DashboardRoutes.class);
				MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
				mvc.perform(get("/perfkit"))
					.andExpect(status().isOk())
					.andExpect(content().contentTypeCompatibleWith("text/html"))
					.andExpect(content().string(org.hamcrest.Matchers.containsString(
							"data-actuator=\"/manage\" data-refresh=\"2000\"")))
					.andExpect(content()
						.string(org.hamcrest.Matchers.containsString("src=\"/perfkit/lib/chart.umd.js\"")));
				mvc.perform(get("/perfkit/dashboard.js"))
					.andExpect(status().isOk())
					.andExpect(header().string("Cache-Control", "max-age=3600"));
				mvc.perform(get("/perfkit/dashboard.css")).andExpect(status().isOk());
				mvc.perform(get("/perfkit/lib/chart.umd.js"))
					.andExpect(status().isOk())
					.andExpect(content().string(org.hamcrest.Matchers.containsString("Chart.js v4")));
			});
	}

	@Test
	void servesAtTheConfiguredPath() {
		this.contextRunner.withPropertyValues("perfkit.dashboard.enabled=true", "perfkit.dashboard.path=/ops/perf")
			.run((context) -> {
				MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
				mvc.perform(get("/ops/perf")).andExpect(status().isOk());
				mvc.perform(get("/ops/perf/lib/chart.umd.js")).andExpect(status().isOk());
			});
	}

	@Test
	void isNotServedOutsideAServletApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DashboardAutoConfiguration.class))
			.withPropertyValues("perfkit.dashboard.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardRoutes.class));
	}

	@Test
	void isNotServedWithoutTheChartJsWebJar() {
		this.contextRunner.withPropertyValues("perfkit.dashboard.enabled=true")
			.withClassLoader(new FilteredClassLoader(new ClassPathResource("META-INF/maven/org.webjars/chartjs/pom.properties")))
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardRoutes.class));
	}

	@Test
	void backsOffWhenPerfkitIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.enabled=false", "perfkit.dashboard.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardRoutes.class));
	}

	@Test
	void pathEndingWithASlashFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("perfkit.dashboard.enabled=true", "perfkit.dashboard.path=/perfkit/")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("'perfkit.dashboard.path' = '/perfkit/'")
				.contains("must start with '/' and not end with '/'"));
	}

	@Test
	void tooShortRefreshIntervalFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("perfkit.dashboard.enabled=true", "perfkit.dashboard.refresh-interval=10ms")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("'perfkit.dashboard.refresh-interval' = 'PT0.01S'")
				.contains("must be at least 500ms"));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
