package dev.perfkit.monitor.autoconfigure;

import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.actuate.AlertsEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link AlertsEndpoint alerts endpoint}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlertAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(AlertMonitor.class)
@ConditionalOnAvailableEndpoint(AlertsEndpoint.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.alerts.enabled", matchIfMissing = true)
public final class AlertsEndpointAutoConfiguration {

	AlertsEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	AlertsEndpoint alertsEndpoint(AlertMonitor monitor) {
		return new AlertsEndpoint(monitor);
	}

}
