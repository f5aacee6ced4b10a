package dev.perfkit.cache.autoconfigure;

import java.util.Locale;

import org.springframework.context.ApplicationListener;

import dev.perfkit.cache.analytics.CacheAlertEvent;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.monitor.AlertLevel;
import dev.perfkit.monitor.AlertMonitor;

/**
 * Hands cache analytics alerts to the monitoring's {@link AlertMonitor}, so that they are also published as
 * {@code PerformanceAlertEvent}s, logged, counted and listed at {@code /actuator/alerts}; the cache's own
 * {@link CacheAlertEvent} is still published.
 */
final class CacheAlertMonitorBridge implements ApplicationListener<CacheAlertEvent> {

	private final AlertMonitor monitor;

	CacheAlertMonitorBridge(AlertMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void onApplicationEvent(CacheAlertEvent event) {
		CacheAnalytics.Alert alert = event.getAlert();
		String rule = "cache." + event.getCache() + "." + alert.rule();
		if (event.isResolved()) {
			this.monitor.resolve(rule, alert.value());
			return;
		}
		AlertLevel level = "critical".equals(alert.level()) ? AlertLevel.CRITICAL : AlertLevel.WARNING;
		this.monitor.fire(rule, level, metric(event.getCache(), alert.rule()), alert.condition(), alert.threshold(),
				alert.value(), alert.message());
	}

	private static String metric(String cache, String rule) {
		String tags = "{cache=" + cache + "}";
		return switch (rule.toLowerCase(Locale.ROOT)) {
			case "hit-ratio" -> "cache.gets" + tags + " hit ratio";
			case "response-time" -> "perfkit.cache.load" + tags + " mean, ms";
			case "memory" -> "cache.size" + tags + " / perfkit.cache.memory.maximum" + tags;
			default -> "layeredcaches" + tags + " " + rule;
		};
	}

}
