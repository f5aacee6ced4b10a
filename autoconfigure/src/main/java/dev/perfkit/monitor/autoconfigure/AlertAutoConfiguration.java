package dev.perfkit.monitor.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.AlertRule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Perfkit's alert rules, evaluated in-process against the
 * application's {@link MeterRegistry}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.alerts.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AlertProperties.class)
public final class AlertAutoConfiguration {

	AlertAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	AlertMonitor alertMonitor(MeterRegistry registry, AlertProperties properties,
			ApplicationEventPublisher publisher) {
		List<AlertRule> userRules = new ArrayList<>();
		properties.getRules().forEach((rule) -> userRules.add(DefaultAlertRules.toRule(rule)));
		List<AlertRule> rules = properties.getDefaultRules().isEnabled()
				? DefaultAlertRules.merge(DefaultAlertRules.defaults(), userRules) : userRules;
		return new AlertMonitor(registry, rules, publisher, properties.getEvaluationInterval(),
				properties.getMaxHistory());
	}

}
