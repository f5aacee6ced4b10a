package dev.perfkit.monitor;

import org.springframework.context.ApplicationEvent;

/**
 * Published when an alert rule fires and when its alert resolves. React to it with an
 * {@code @EventListener} method.
 *
 * @since 0.1.0
 */
public class PerformanceAlertEvent extends ApplicationEvent {

	private final Alert alert;

	/**
	 * Creates an event.
	 * @param source the object that evaluated the rule
	 * @param alert the alert that fired or resolved
	 */
	public PerformanceAlertEvent(Object source, Alert alert) {
		super(source);
		this.alert = alert;
	}

	/**
	 * Returns the alert.
	 * @return the alert
	 */
	public Alert getAlert() {
		return this.alert;
	}

	/**
	 * Whether the alert has just fired.
	 * @return whether the alert is firing
	 */
	public boolean isFiring() {
		return this.alert.getStatus() == AlertStatus.FIRING;
	}

	/**
	 * Whether the alert has just resolved.
	 * @return whether the alert is resolved
	 */
	public boolean isResolved() {
		return this.alert.getStatus() == AlertStatus.RESOLVED;
	}

}
