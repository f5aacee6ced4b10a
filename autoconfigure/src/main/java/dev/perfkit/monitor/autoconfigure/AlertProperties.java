package dev.perfkit.monitor.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.perfkit.autoconfigure.PropertyChecks;
import dev.perfkit.monitor.AlertCondition;
import dev.perfkit.monitor.AlertLevel;
import dev.perfkit.monitor.AlertStatistic;
import dev.perfkit.monitor.MeterSelector;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of Perfkit's alert rules ({@code perfkit.alerts.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.alerts")
public class AlertProperties implements Validator {

	/** Whether to evaluate alert rules. */
	private boolean enabled = true;

	/** How often every rule is evaluated; rates are measured over this interval. */
	private Duration evaluationInterval = Duration.ofSeconds(10);

	/** Maximum number of recent alerts kept for the alerts endpoint. */
	private int maxHistory = 100;

	private final DefaultRules defaultRules = new DefaultRules();

	/** Alert rules; a rule named like a default rule replaces it. */
	private List<Rule> rules = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getEvaluationInterval() {
		return this.evaluationInterval;
	}

	public void setEvaluationInterval(Duration evaluationInterval) {
		this.evaluationInterval = evaluationInterval;
	}

	public int getMaxHistory() {
		return this.maxHistory;
	}

	public void setMaxHistory(int maxHistory) {
		this.maxHistory = maxHistory;
	}

	public DefaultRules getDefaultRules() {
		return this.defaultRules;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	@Override
	public boolean supports(Class<?> type) {
		return AlertProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		AlertProperties properties = (AlertProperties) target;
		PropertyChecks.requireRange(errors, "maxHistory", properties.maxHistory, 1, 10_000);
		if (properties.getEvaluationInterval().toMillis() <= 0) {
			errors.rejectValue("evaluationInterval", "positive", "must be a positive duration such as 10s");
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < properties.getRules().size(); i++) {
			Rule rule = properties.getRules().get(i);
			String path = "rules[" + i + "].";
			PropertyChecks.requireNotBlank(errors, path + "name", rule.getName());
			PropertyChecks.requireNotBlank(errors, path + "metric", rule.getMetric());
			if (rule.getName() != null && !names.add(rule.getName())) {
				errors.rejectValue(path + "name", "unique", "must be unique among the rules");
			}
			if (!Double.isFinite(rule.getThreshold())) {
				errors.rejectValue(path + "threshold", "finite", "must be a finite number");
			}
			else if (rule.getRelativeTo() != null && (rule.getThreshold() < 0 || rule.getThreshold() > 1)) {
				errors.rejectValue(path + "threshold", "ratio",
						"must be between 0 and 1, since 'relative-to' makes the rule compare a ratio");
			}
			if (rule.getCooldown().isNegative()) {
				errors.rejectValue(path + "cooldown", "negative", "must not be negative");
			}
			if (rule.getPendingPeriod().isNegative()) {
				errors.rejectValue(path + "pendingPeriod", "negative", "must not be negative");
			}
			if (rule.getRelativeTo() != null) {
				try {
					MeterSelector.parse(rule.getRelativeTo());
				}
				catch (IllegalArgumentException ex) {
					errors.rejectValue(path + "relativeTo", "selector",
							"must be a meter name, optionally with tags such as jvm.memory.max{area=heap}");
				}
			}
		}
	}

	/**
	 * Switch for the rules Perfkit ships.
	 */
	public static class DefaultRules {

		/** Whether to evaluate the default rules: cache hit ratio, slow-query rate, open circuit breakers, heap usage and CPU. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * One alert rule.
	 */
	public static class Rule {

		/** Unique name of the rule. */
		private @Nullable String name;

		/** Micrometer name of the meters the rule reads, dot-separated, such as jvm.memory.used. */
		private @Nullable String metric;

		/** Tags the meters must carry. */
		private Map<String, String> tags = new LinkedHashMap<>();

		/** Which figure of the meters is compared with the threshold. */
		private AlertStatistic statistic = AlertStatistic.VALUE;

		/** How the figure is compared with the threshold. */
		private AlertCondition condition = AlertCondition.GREATER_THAN;

		/** Threshold the figure is compared with; between 0 and 1 when relative-to is set. */
		private double threshold;

		/** Severity of the alerts the rule raises. */
		private AlertLevel level = AlertLevel.WARNING;

		/** Minimum time between two firings of the rule. */
		private Duration cooldown = Duration.ofMinutes(5);

		/** How long the condition must hold, evaluation after evaluation, before the rule fires. */
		private Duration pendingPeriod = Duration.ZERO;

		/** Message template; {name}, {metric}, {statistic}, {value}, {condition}, {threshold} and {level} are replaced. */
		private String message = "{name}: {statistic} of {metric} is {value} ({condition} {threshold})";

		/** Meters, written name{key=value,...}, whose same statistic divides the value, making the rule compare a ratio. */
		private @Nullable String relativeTo;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getMetric() {
			return this.metric;
		}

		public void setMetric(@Nullable String metric) {
			this.metric = metric;
		}

		public Map<String, String> getTags() {
			return this.tags;
		}

		public void setTags(Map<String, String> tags) {
			this.tags = tags;
		}

		public AlertStatistic getStatistic() {
			return this.statistic;
		}

		public void setStatistic(AlertStatistic statistic) {
			this.statistic = statistic;
		}

		public AlertCondition getCondition() {
			return this.condition;
		}

		public void setCondition(AlertCondition condition) {
			this.condition = condition;
		}

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			this.threshold = threshold;
		}

		public AlertLevel getLevel() {
			return this.level;
		}

		public void setLevel(AlertLevel level) {
			this.level = level;
		}

		public Duration getCooldown() {
			return this.cooldown;
		}

		public void setCooldown(Duration cooldown) {
			this.cooldown = cooldown;
		}

		public Duration getPendingPeriod() {
			return this.pendingPeriod;
		}

		public void setPendingPeriod(Duration pendingPeriod) {
			this.pendingPeriod = pendingPeriod;
		}

		public String getMessage() {
			return this.message;
		}

		public void setMessage(String message) {
			this.message = message;
		}

		public @Nullable String getRelativeTo() {
			return this.relativeTo;
		}

		public void setRelativeTo(@Nullable String relativeTo) {
			this.relativeTo = relativeTo;
		}

	}

}
