package dev.perfkit.autoconfigure;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.validation.annotation.Validated;

import dev.perfkit.cache.autoconfigure.CacheWarmingProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class InvalidPerfkitPropertyFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, ValidationAutoConfiguration.class));

	@Test
	void namesTheBooleanPropertyThatCannotBeRead() {
		this.contextRunner.withPropertyValues("perfkit.enabled=maybe").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'perfkit.enabled' = 'maybe'");
			assertThat(analysis.getAction()).contains("Set 'perfkit.enabled' to true or false");
		});
	}

	@Test
	void namesTheConstrainedPropertyAndTheFix() {
		this.contextRunner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("perfkit.sample.maximum-size=-5")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'perfkit.sample.maximum-size' = '-5'")
					.contains("must be greater than or equal to 1");
				assertThat(analysis.getAction())
					.contains("Set 'perfkit.sample.maximum-size' to a value that is greater than or equal to 1");
			});
	}

	@Test
	void listsTheAllowedValuesOfAnEnumProperty() {
		this.contextRunner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("perfkit.sample.mode=sideways")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'perfkit.sample.mode' = 'sideways'");
				assertThat(analysis.getAction()).contains("one of write-through, write-behind");
			});
	}

	@Test
	void explainsTheDurationFormat() {
		this.contextRunner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("perfkit.sample.ttl=soon")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getAction())
				.contains("Set 'perfkit.sample.ttl' to a duration such as 500ms, 30s or 1h"));
	}

	@Test
	void leavesOtherPrefixesToSpringBoot() {
		this.contextRunner.withUserConfiguration(OtherConfiguration.class)
			.withPropertyValues("other.maximum-size=-5")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new InvalidPerfkitPropertyFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
			});
	}

	@Test
	void isRegisteredSoThatStartUpReportsTheProperty(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ApplicationConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--perfkit.enabled=maybe"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'perfkit.enabled' = 'maybe'")
			.contains("Set 'perfkit.enabled' to true or false");
	}

	@Test
	void startUpReportsAValueOutOfRangeWithItsOriginAndTheFix(CapturedOutput output) {
		// the report docs/operations.md shows; no Bean Validation involved: the properties validate themselves
		SpringApplication application = new SpringApplication(WarmingConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--perfkit.cache.warming.concurrency=65"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Invalid Perfkit configuration:%n  property 'perfkit.cache.warming.concurrency' = '65':"
					+ " must be between 1 and 64 (from \"perfkit.cache.warming.concurrency\" from property source"
					+ " \"commandLineArgs\")"))
			.contains("Set 'perfkit.cache.warming.concurrency' to a value that is between 1 and 64.");
	}

	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SampleProperties.class)
	static class SampleConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OtherProperties.class)
	static class OtherConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(PerfkitAutoConfiguration.class)
	static class ApplicationConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CacheWarmingProperties.class)
	static class WarmingConfiguration {

	}

	enum Mode {

		WRITE_THROUGH, WRITE_BEHIND

	}

	@ConfigurationProperties("perfkit.sample")
	@Validated
	static class SampleProperties {

		@Min(1)
		private long maximumSize = 10;

		private Mode mode = Mode.WRITE_THROUGH;

		private Duration ttl = Duration.ofMinutes(1);

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Mode getMode() {
			return this.mode;
		}

		public void setMode(Mode mode) {
			this.mode = mode;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	@ConfigurationProperties("other")
	@Validated
	static class OtherProperties {

		@Min(1)
		private long maximumSize = 10;

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

}
