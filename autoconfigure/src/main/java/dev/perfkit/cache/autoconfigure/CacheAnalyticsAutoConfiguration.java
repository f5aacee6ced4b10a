package dev.perfkit.cache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.autoconfigure.AlertAutoConfiguration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for cache analytics:
 * periodic snapshots, health score, alerts as application events (and through the monitoring's alerts when an
 * {@link AlertMonitor} is present) and recommendations.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { LayeredCacheAutoConfiguration.class, AlertAutoConfiguration.class })
@ConditionalOnBean(LayeredCacheManager.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.analytics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CacheAnalyticsProperties.class)
public final class CacheAnalyticsAutoConfiguration {

	CacheAnalyticsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	CacheAnalytics cacheAnalytics(LayeredCacheManager cacheManager, ApplicationEventPublisher publisher,
			ObjectProvider<TaskScheduler> scheduler, CacheAnalyticsProperties properties) {
		CacheAnalytics analytics = new CacheAnalytics(cacheManager, publisher,
				new CacheAnalytics.Thresholds(properties.getCriticalHitRatio(), properties.getWarningHitRatio(),
						properties.getCriticalResponseTime(), properties.getWarningMemoryUsage()),
				properties.getWindow());
		analytics.scheduleSampling(scheduler.getIfUnique(), properties.getSampleInterval());
		return analytics;
	}

	/** Cache alerts also go through the monitoring's alerts when it is active. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AlertMonitor.class)
	@ConditionalOnBean(AlertMonitor.class)
	static class MonitorAlertsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheAlertMonitorBridge cacheAlertMonitorBridge(AlertMonitor monitor) {
			return new CacheAlertMonitorBridge(monitor);
		}

	}

}
