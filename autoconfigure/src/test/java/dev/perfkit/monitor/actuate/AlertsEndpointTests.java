package dev.perfkit.monitor.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.perfkit.monitor.AlertCondition;
import dev.perfkit.monitor.AlertLevel;
import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.AlertRule;
import dev.perfkit.monitor.AlertStatistic;
import dev.perfkit.monitor.AlertStatus;
import dev.perfkit.monitor.MeterSelector;
import dev.perfkit.monitor.RuleState;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsEndpointTests {

	@Test
	void listsActiveAlertsRecentAlertsAndRules() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Gauge.builder("test.depth", () -> 42).register(registry);
		AlertMonitor monitor = new AlertMonitor(registry,
				List.of(new AlertRule("deep", new MeterSelector("test.depth", Map.of()), AlertStatistic.VALUE,
						AlertCondition.GREATER_THAN, 10, AlertLevel.CRITICAL, Duration.ofMinutes(1), "depth {value}",
						null),
						new AlertRule("absent", new MeterSelector("test.absent", Map.of()), AlertStatistic.VALUE,
								AlertCondition.GREATER_THAN, 10, AlertLevel.INFO, Duration.ofMinutes(1), "absent",
								null)),
				(event) -> {
				}, Duration.ofSeconds(30), 10);
		monitor.evaluate();
		AlertsEndpoint.AlertsDescriptor alerts = new AlertsEndpoint(monitor).alerts();
		assertThat(alerts.getEvaluationInterval()).isEqualTo("PT30S");
		assertThat(alerts.getActive()).singleElement().satisfies((alert) -> {
			assertThat(alert.getMessage()).isEqualTo("depth 42");
			assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
			assertThat(alert.getLevel()).isEqualTo(AlertLevel.CRITICAL);
		});
		assertThat(alerts.getRecent()).hasSize(1);
		assertThat(alerts.getRules()).extracting((rule) -> rule.state())
			.containsExactly(RuleState.FIRING, RuleState.NO_DATA);
	}

}
