package dev.perfkit.monitor.actuate;

import java.util.List;

import dev.perfkit.monitor.Alert;
import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.RuleStatus;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that lists active alerts, recent alerts and every rule with the outcome of its last
 * evaluation.
 *
 * @since 0.1.0
 */
@Endpoint(id = "alerts", defaultAccess = Access.READ_ONLY)
public class AlertsEndpoint {

	private final AlertMonitor monitor;

	/**
	 * Creates an endpoint.
	 * @param monitor the monitor that evaluates the rules
	 */
	public AlertsEndpoint(AlertMonitor monitor) {
		this.monitor = monitor;
	}

	/**
	 * Returns active and recent alerts and the rules.
	 * @return the alerts
	 */
	@ReadOperation
	public AlertsDescriptor alerts() {
		return new AlertsDescriptor(this.monitor.getEvaluationInterval().toString(), this.monitor.getActiveAlerts(),
				this.monitor.getRecentAlerts(), this.monitor.getRules());
	}

	/**
	 * Alerts and rules, as the endpoint shows them.
	 *
	 * @since 0.1.0
	 */
	public static final class AlertsDescriptor implements OperationResponseBody {

		private final String evaluationInterval;

		private final List<Alert> active;

		private final List<Alert> recent;

		private final List<RuleStatus> rules;

		AlertsDescriptor(String evaluationInterval, List<Alert> active, List<Alert> recent, List<RuleStatus> rules) {
			this.evaluationInterval = evaluationInterval;
			this.active = active;
			this.recent = recent;
			this.rules = rules;
		}

		/**
		 * Returns how often the rules are evaluated, ISO-8601.
		 * @return the evaluation interval
		 */
		public String getEvaluationInterval() {
			return this.evaluationInterval;
		}

		/**
		 * Returns the alerts firing now, oldest first.
		 * @return the active alerts
		 */
		public List<Alert> getActive() {
			return this.active;
		}

		/**
		 * Returns the most recent alerts, firing or resolved, newest first.
		 * @return the recent alerts
		 */
		public List<Alert> getRecent() {
			return this.recent;
		}

		/**
		 * Returns every rule with the outcome of its last evaluation.
		 * @return the rules
		 */
		public List<RuleStatus> getRules() {
			return this.rules;
		}

	}

}
