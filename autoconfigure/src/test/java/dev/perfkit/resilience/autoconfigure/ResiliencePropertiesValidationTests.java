package dev.perfkit.resilience.autoconfigure;

import java.util.Arrays;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid {@code perfkit.resilience.*} properties stop start-up with a report that names the property.
 */
class ResiliencePropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, ResilienceAutoConfiguration.class));

	@Test
	void throttleCpuThresholdAboveOneIsReported() {
		assertReported("perfkit.resilience.throttle.cpu-threshold=1.5", "perfkit.resilience.throttle.cpu-threshold");
	}

	@Test
	void throttleMinRateAboveMaxRateIsReported() {
		assertReported("perfkit.resilience.throttle.min-rate=50", "perfkit.resilience.throttle.max-rate=10",
				"'perfkit.resilience.throttle.min-rate' = '50.0': must not be above max-rate (10.0)");
	}

	@Test
	void negativeThrottleMaxWaitIsReported() {
		assertReported("perfkit.resilience.throttle.max-wait=-1s", "'perfkit.resilience.throttle.max-wait'");
	}

	@Test
	void rateLimitBelowOneIsReported() {
		assertReported("perfkit.resilience.rate-limit.limit=0", "perfkit.resilience.rate-limit.limit");
	}

	@Test
	void unknownRateLimitBackendIsReportedWithTheChoices() {
		assertReported("perfkit.resilience.rate-limit.backend=memcached", "local, redis");
	}

	@Test
	void clientPlanLimitBelowOneIsReported() {
		assertReported("perfkit.resilience.rate-limit.clients[gold-*].limit=0",
				"perfkit.resilience.rate-limit.clients[gold-*].limit");
	}

	@Test
	void zeroGuardTimeoutIsReported() {
		assertReported("perfkit.resilience.guards.llm.timeout=0s", "'perfkit.resilience.guards[llm].timeout'");
	}

	@Test
	void clientSideThrottleKNotAboveOneIsReported() {
		assertReported("perfkit.resilience.guards.llm.client-side-throttle.k=1.0",
				"perfkit.resilience.guards[llm].client-side-throttle.k");
	}

	@Test
	void workerMaxSizeBelowCoreSizeIsReported() {
		assertReported("perfkit.resilience.workers.core-size=8", "perfkit.resilience.workers.max-size=2",
				"'perfkit.resilience.workers.max-size' = '2': must not be below core-size (8)");
	}

	@Test
	void workerQueueCapacityBelowOneIsReported() {
		assertReported("perfkit.resilience.workers.queue-capacity=0", "perfkit.resilience.workers.queue-capacity");
	}

	private void assertReported(String... propertiesThenExpectedText) {
		String expected = propertiesThenExpectedText[propertiesThenExpectedText.length - 1];
		String[] properties = Arrays.copyOf(propertiesThenExpectedText, propertiesThenExpectedText.length - 1);
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription() + analysis.getAction()).contains(expected);
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(Exception.class);
			assertThat(findBindException(context.getStartupFailure())).isNotNull();
		});
	}

	private static BindException findBindException(Throwable failure) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (candidate instanceof BindException bind) {
				return bind;
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
