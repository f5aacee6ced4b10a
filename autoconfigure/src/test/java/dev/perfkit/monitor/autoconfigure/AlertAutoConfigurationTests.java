package dev.perfkit.monitor.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.AlertRule;
import dev.perfkit.monitor.RuleStatus;
import dev.perfkit.monitor.actuate.AlertsEndpoint;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class AlertAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, ValidationAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				AlertAutoConfiguration.class, AlertsEndpointAutoConfiguration.class));

	@Test
	void evaluatesTheDefaultRulesWithAMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AlertMonitor.class);
			AlertMonitor monitor = context.getBean(AlertMonitor.class);
			assertThat(monitor.getRules()).extracting(RuleStatus::name)
				.containsExactly("cache-hit-ratio-low", "cache-hit-ratio-critical", "slow-query-rate-high",
						"circuit-breaker-open", "heap-usage-high", "cpu-usage-high");
			assertThat(monitor.getEvaluationInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(monitor.isRunning()).isTrue();
		});
	}

	@Test
	void exposesTheEndpointOnlyWhenItIsAvailable() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(AlertsEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=alerts")
			.run((context) -> assertThat(context).hasSingleBean(AlertsEndpoint.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AlertAutoConfiguration.class, AlertsEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AlertMonitor.class)
				.doesNotHaveBean(AlertsEndpoint.class));
	}

	@Test
	void backsOffWhenAlertsAreDisabled() {
		this.contextRunner.withPropertyValues("perfkit.alerts.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlertMonitor.class)
				.doesNotHaveBean(AlertProperties.class));
	}

	@Test
	void backsOffWhenPerfkitIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlertMonitor.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheMonitor() {
		this.contextRunner.withUserConfiguration(UserMonitorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AlertMonitor.class);
			assertThat(context.getBean(AlertMonitor.class).getRules()).isEmpty();
		});
	}

	@Test
	void userRulesJoinTheDefaultsAndReplaceThoseOfTheSameName() {
		this.contextRunner
			.withPropertyValues("perfkit.alerts.rules[0].name=cpu-usage-high",
					"perfkit.alerts.rules[0].metric=process.cpu.usage", "perfkit.alerts.rules[0].threshold=0.5",
					"perfkit.alerts.rules[1].name=queue-deep", "perfkit.alerts.rules[1].metric=app.queue.depth",
					"perfkit.alerts.rules[1].tags.queue=orders", "perfkit.alerts.rules[1].statistic=max",
					"perfkit.alerts.rules[1].condition=greater-than-or-equal", "perfkit.alerts.rules[1].threshold=100",
					"perfkit.alerts.rules[1].level=critical", "perfkit.alerts.rules[1].cooldown=1m",
					"perfkit.alerts.rules[1].pending-period=30s")
			.run((context) -> {
				List<RuleStatus> rules = context.getBean(AlertMonitor.class).getRules();
				assertThat(rules).hasSize(7);
				assertThat(rules).filteredOn((rule) -> rule.name().equals("cpu-usage-high"))
					.singleElement()
					.satisfies((rule) -> assertThat(rule.threshold()).isEqualTo(0.5));
				assertThat(rules.get(6)).satisfies((rule) -> {
					assertThat(rule.name()).isEqualTo("queue-deep");
					assertThat(rule.metric()).isEqualTo("app.queue.depth{queue=orders}");
					assertThat(rule.statistic()).isEqualTo("max");
					assertThat(rule.condition()).isEqualTo(">=");
					assertThat(rule.cooldown()).isEqualTo("PT1M");
					assertThat(rule.pendingPeriod()).isEqualTo("PT30S");
				});
			});
	}

	@Test
	void defaultRulesCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("perfkit.alerts.default-rules.enabled=false")
			.run((context) -> assertThat(context.getBean(AlertMonitor.class).getRules()).isEmpty());
	}

	@Test
	void unknownStatisticFailsNamingTheProperty() {
		assertFailure("perfkit.alerts.rules[0].statistic=median", "'perfkit.alerts.rules[0].statistic' = 'median'",
				"one of value, count, total, mean, max, rate, p50, p75, p90, p95, p99, p999");
	}

	@Test
	void badConditionFailsNamingTheProperty() {
		assertFailure("perfkit.alerts.rules[0].condition=>>", "'perfkit.alerts.rules[0].condition' = '>>'",
				"one of greater-than, greater-than-or-equal, less-than, less-than-or-equal, equal, not-equal");
	}

	@Test
	void ratioThresholdOutOfRangeFailsNamingTheProperty() {
		assertFailure("perfkit.alerts.rules[0].threshold=1.5", "'perfkit.alerts.rules[0].threshold' = '1.5'",
				"between 0 and 1", "perfkit.alerts.rules[0].relative-to=jvm.memory.max{area=heap}");
	}

	@Test
	void missingMetricFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("perfkit.alerts.rules[0].name=nameless")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("'perfkit.alerts.rules[0].metric'")
				.contains("must not be blank"));
	}

	@Test
	void duplicateRuleNamesFail() {
		assertFailure("perfkit.alerts.rules[1].name=rule", "'perfkit.alerts.rules[1].name' = 'rule'",
				"must be unique", "perfkit.alerts.rules[1].metric=other");
	}

	@Test
	void negativePendingPeriodFailsNamingTheProperty() {
		assertFailure("perfkit.alerts.rules[0].pending-period=-1s", "'perfkit.alerts.rules[0].pending-period' = 'PT-1S'",
				"must not be negative");
	}

	@Test
	void defaultRulesWaitAMinuteExceptTheCircuitBreaker() {
		this.contextRunner.run((context) -> assertThat(context.getBean(AlertMonitor.class).getRules())
			.extracting(RuleStatus::pendingPeriod)
			.containsExactly("PT1M", "PT1M", "PT1M", "PT0S", "PT1M", "PT1M"));
	}

	@Test
	void zeroEvaluationIntervalFails() {
		this.contextRunner.withPropertyValues("perfkit.alerts.evaluation-interval=0s")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("'perfkit.alerts.evaluation-interval' = 'PT0S'")
				.contains("must be a positive duration"));
	}

	@Test
	void malformedRelativeToFails() {
		assertFailure("perfkit.alerts.rules[0].relative-to=jvm.memory.max{area}",
				"'perfkit.alerts.rules[0].relative-to' = 'jvm.memory.max{area}'", "must be a meter name");
	}

	@Test
	void oversizedHistoryFails() {
		this.contextRunner.withPropertyValues("perfkit.alerts.max-history=1000000")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("'perfkit.alerts.max-history' = '1000000'"));
	}

	private void assertFailure(String property, String description, String detail, String... more) {
		String[] properties = new String[3 + more.length];
		properties[0] = "perfkit.alerts.rules[0].name=rule";
		properties[1] = "perfkit.alerts.rules[0].metric=some.meter";
		properties[2] = property;
		System.arraycopy(more, 0, properties, 3, more.length);
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription() + analysis.getAction()).contains(description).contains(detail);
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMonitorConfiguration {

		@Bean
		AlertMonitor userMonitor(MeterRegistry registry) {
			return new AlertMonitor(registry, List.<AlertRule>of(), (event) -> {
			}, Duration.ofMinutes(1), 10);
		}

	}

}
