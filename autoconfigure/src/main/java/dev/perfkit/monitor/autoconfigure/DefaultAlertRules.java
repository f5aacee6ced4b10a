package dev.perfkit.monitor.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfkit.monitor.AlertCondition;
import dev.perfkit.monitor.AlertLevel;
import dev.perfkit.monitor.AlertRule;
import dev.perfkit.monitor.AlertStatistic;
import dev.perfkit.monitor.MeterSelector;

/**
 * The rules Perfkit ships, merged with the user's: a user rule with a default rule's name replaces it. A rule whose
 * meters do not exist in the application (no cache, no DataSource, no circuit breaker) reports no data.
 */
final class DefaultAlertRules {

	private static final Duration COOLDOWN = Duration.ofMinutes(5);

	// a cold cache, a burst of slow statements or a GC cycle must not page: the condition has to hold for a minute
	private static final Duration PENDING = Duration.ofMinutes(1);

	private DefaultAlertRules() {
	}

	static List<AlertRule> defaults() {
		List<AlertRule> rules = new ArrayList<>();
		rules.add(new AlertRule("cache-hit-ratio-low", selector("cache.gets", "result", "hit"), AlertStatistic.RATE,
				AlertCondition.LESS_THAN, 0.5, AlertLevel.WARNING, COOLDOWN,
				"Cache hit ratio is {value} over the last interval, below {threshold}",
				MeterSelector.parse("cache.gets"), PENDING));
		rules.add(new AlertRule("cache-hit-ratio-critical", selector("cache.gets", "result", "hit"),
				AlertStatistic.RATE, AlertCondition.LESS_THAN, 0.2, AlertLevel.CRITICAL, COOLDOWN,
				"Cache hit ratio is {value} over the last interval, below {threshold}",
				MeterSelector.parse("cache.gets"), PENDING));
		rules.add(new AlertRule("slow-query-rate-high", MeterSelector.parse("perfkit.db.slow.queries"),
				AlertStatistic.RATE, AlertCondition.GREATER_THAN, 0.1, AlertLevel.WARNING, COOLDOWN,
				"{value} of SQL statements were slow over the last interval, above {threshold}",
				MeterSelector.parse("perfkit.db.query"), PENDING));
		rules.add(new AlertRule("circuit-breaker-open", selector("resilience4j.circuitbreaker.state", "state", "open"),
				AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 0, AlertLevel.CRITICAL, COOLDOWN,
				"{value} circuit breaker(s) open", null));
		rules.add(new AlertRule("heap-usage-high", selector("jvm.memory.used", "area", "heap"), AlertStatistic.VALUE,
				AlertCondition.GREATER_THAN, 0.9, AlertLevel.WARNING, COOLDOWN,
				"Heap usage is {value} of the maximum, above {threshold}", selector("jvm.memory.max", "area", "heap"),
				PENDING));
		rules.add(new AlertRule("cpu-usage-high", MeterSelector.parse("process.cpu.usage"), AlertStatistic.VALUE,
				AlertCondition.GREATER_THAN, 0.9, AlertLevel.WARNING, COOLDOWN,
				"Process CPU usage is {value}, above {threshold}", null, PENDING));
		return rules;
	}

	static List<AlertRule> merge(List<AlertRule> defaults, List<AlertRule> userRules) {
		Map<String, AlertRule> merged = new LinkedHashMap<>();
		defaults.forEach((rule) -> merged.put(rule.name(), rule));
		userRules.forEach((rule) -> merged.put(rule.name(), rule));
		return new ArrayList<>(merged.values());
	}

	static AlertRule toRule(AlertProperties.Rule rule) {
		String name = rule.getName();
		String metric = rule.getMetric();
		if (name == null || metric == null) {
			throw new IllegalStateException("Alert rule without name or metric passed validation");
		}
		MeterSelector meter = new MeterSelector(metric, rule.getTags());
		MeterSelector relativeTo = (rule.getRelativeTo() != null) ? MeterSelector.parse(rule.getRelativeTo()) : null;
		return new AlertRule(name, meter, rule.getStatistic(), rule.getCondition(), rule.getThreshold(),
				rule.getLevel(), rule.getCooldown(), rule.getMessage(), relativeTo, rule.getPendingPeriod());
	}

	private static MeterSelector selector(String name, String key, String value) {
		return new MeterSelector(name, Map.of(key, value));
	}

}
