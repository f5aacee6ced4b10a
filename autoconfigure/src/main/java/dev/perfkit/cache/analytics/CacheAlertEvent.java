package dev.perfkit.cache.analytics;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a cache's analysis raises an alert (once per rule until the alert clears).
 *
 * @since 0.1.0
 */
public class CacheAlertEvent extends ApplicationEvent {

	private final String cache;

	private final CacheAnalytics.Alert alert;

	/**
	 * Creates an event.
	 * @param source the analytics
	 * @param cache the cache name
	 * @param alert the alert
	 */
	public CacheAlertEvent(Object source, String cache, CacheAnalytics.Alert alert) {
		super(source);
		this.cache = cache;
		this.alert = alert;
	}

	/**
	 * The cache the alert is about.
	 * @return the cache name
	 */
	public String getCache() {
		return this.cache;
	}

	/**
	 * The alert.
	 * @return the alert
	 */
	public CacheAnalytics.Alert getAlert() {
		return this.alert;
	}

}
