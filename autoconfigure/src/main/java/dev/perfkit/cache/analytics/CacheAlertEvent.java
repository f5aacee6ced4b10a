package dev.perfkit.cache.analytics;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a cache's analysis raises an alert (once per rule and level until the alert clears), and again,
 * {@link #isResolved() resolved}, when it clears.
 *
 * @since 0.1.0
 */
public class CacheAlertEvent extends ApplicationEvent {

	private final String cache;

	private final CacheAnalytics.Alert alert;

	private final boolean resolved;

	/**
	 * Creates an event for an alert that has just been raised.
	 * @param source the analytics
	 * @param cache the cache name
	 * @param alert the alert
	 */
	public CacheAlertEvent(Object source, String cache, CacheAnalytics.Alert alert) {
		this(source, cache, alert, false);
	}

	/**
	 * Creates an event.
	 * @param source the analytics
	 * @param cache the cache name
	 * @param alert the alert
	 * @param resolved whether the alert has cleared rather than been raised
	 */
	public CacheAlertEvent(Object source, String cache, CacheAnalytics.Alert alert, boolean resolved) {
		super(source);
		this.cache = cache;
		this.alert = alert;
		this.resolved = resolved;
	}

	/**
	 * Whether the alert has cleared; otherwise it has just been raised.
	 * @return whether the alert is resolved
	 */
	public boolean isResolved() {
		return this.resolved;
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
