package dev.perfkit.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Evaluates alert rules against a {@link MeterRegistry} every evaluation interval, on its own daemon thread. A rule
 * whose condition has held for its pending period fires one alert, unless it fired less than its cooldown ago; the
 * alert stays active
 * while the condition holds and resolves when it clears. Both transitions are published as a
 * {@link PerformanceAlertEvent}, logged and counted ({@code perfkit.alerts.fired{level}}); active alerts and a
 * bounded history of recent ones are kept for the alerts endpoint.
 *
 * @since 0.1.0
 */
public class AlertMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AlertMonitor.class);

	private final MeterReader reader;

	private final ApplicationEventPublisher publisher;

	private final Duration evaluationInterval;

	private final int maxHistory;

	private final Clock clock;

	private final Map<String, RuleEvaluation> evaluations = new LinkedHashMap<>();

	private final Map<AlertLevel, Counter> fired = new EnumMap<>(AlertLevel.class);

	private final ArrayDeque<Alert> history = new ArrayDeque<>();

	private final Map<String, Alert> reported = new LinkedHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicLong evaluationCount = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable ScheduledExecutorService scheduler;

	/**
	 * Creates a monitor.
	 * @param registry the registry whose meters the rules read
	 * @param rules the rules, with unique names
	 * @param publisher where alert events are published
	 * @param evaluationInterval how often every rule is evaluated
	 * @param maxHistory how many recent alerts are kept
	 */
	public AlertMonitor(MeterRegistry registry, List<AlertRule> rules, ApplicationEventPublisher publisher,
			Duration evaluationInterval, int maxHistory) {
		this(registry, rules, publisher, evaluationInterval, maxHistory, Clock.systemUTC());
	}

	AlertMonitor(MeterRegistry registry, List<AlertRule> rules, ApplicationEventPublisher publisher,
			Duration evaluationInterval, int maxHistory, Clock clock) {
		Assert.isTrue(evaluationInterval.toMillis() > 0, "'evaluationInterval' must be positive");
		Assert.isTrue(maxHistory > 0, "'maxHistory' must be positive");
		this.reader = new MeterReader(registry);
		this.publisher = publisher;
		this.evaluationInterval = evaluationInterval;
		this.maxHistory = maxHistory;
		this.clock = clock;
		for (AlertRule rule : rules) {
			Assert.isTrue(this.evaluations.put(rule.name(), new RuleEvaluation(rule)) == null,
					() -> "Duplicate alert rule name '" + rule.name() + "'");
		}
		for (AlertLevel level : AlertLevel.values()) {
			String tag = level.name().toLowerCase(Locale.ROOT);
			this.fired.put(level, Counter.builder("perfkit.alerts.fired")
				.description("Alerts fired by Perfkit's alert rules")
				.tag("level", tag)
				.register(registry));
			Gauge.builder("perfkit.alerts.active", this, (monitor) -> monitor.activeCount(level))
				.description("Alerts currently firing")
				.tag("level", tag)
				.register(registry);
		}
	}

	/**
	 * Evaluates every rule once. The monitor's scheduler calls this every evaluation interval; a failing rule or
	 * listener is logged and does not stop the others.
	 */
	public synchronized void evaluate() {
		for (RuleEvaluation evaluation : this.evaluations.values()) {
			try {
				evaluation.evaluate();
			}
			catch (RuntimeException ex) {
				logger.warn("Evaluation of alert rule '" + evaluation.rule.name() + "' failed", ex);
			}
		}
		this.evaluationCount.incrementAndGet();
	}

	/**
	 * Fires an alert that another component evaluated itself (cache analytics, for one): it is published, logged,
	 * counted and listed like a rule's alert, and stays active until {@link #resolve(String, double)}. Firing a rule
	 * that is already active with the same level does nothing; with another level the old alert resolves first.
	 * @param rule a name unique to what is judged, such as {@code cache.users.hit-ratio}
	 * @param level the severity
	 * @param metric what was measured
	 * @param condition the comparison that holds, such as {@code <}
	 * @param threshold the threshold
	 * @param value the measured value
	 * @param message the message, in words
	 * @return the active alert
	 */
	public Alert fire(String rule, AlertLevel level, String metric, String condition, double threshold, double value,
			String message) {
		Alert resolved;
		Alert fired;
		synchronized (this.reported) {
			Alert active = this.reported.get(rule);
			if (active != null && active.getLevel() == level) {
				return active;
			}
			resolved = (active != null) ? active.resolve(value, this.clock.instant()) : null;
			fired = new Alert(this.ids.incrementAndGet(), rule, level, metric, condition, threshold, value, message,
					this.clock.instant());
			this.reported.put(rule, fired);
		}
		if (resolved != null) {
			publish(resolved);
		}
		publish(fired);
		return fired;
	}

	/**
	 * Resolves an alert fired with {@link #fire}; does nothing when it is not active.
	 * @param rule the rule name it was fired with
	 * @param value the value that cleared it
	 */
	public void resolve(String rule, double value) {
		Alert active;
		synchronized (this.reported) {
			active = this.reported.remove(rule);
		}
		if (active != null) {
			publish(active.resolve(value, this.clock.instant()));
		}
	}

	/**
	 * Returns the alerts currently firing, oldest first.
	 * @return the active alerts
	 */
	public List<Alert> getActiveAlerts() {
		List<Alert> active = new ArrayList<>();
		for (RuleEvaluation evaluation : this.evaluations.values()) {
			Alert alert = evaluation.active;
			if (alert != null) {
				active.add(alert);
			}
		}
		synchronized (this.reported) {
			active.addAll(this.reported.values());
		}
		active.sort((a, b) -> Long.compare(a.getId(), b.getId()));
		return active;
	}

	/**
	 * Returns the most recent alerts, firing or resolved, newest first, up to the configured history size.
	 * @return the recent alerts
	 */
	public List<Alert> getRecentAlerts() {
		synchronized (this.history) {
			List<Alert> recent = new ArrayList<>(this.history);
			Collections.reverse(recent);
			return recent;
		}
	}

	/**
	 * Returns every rule with the outcome of its last evaluation.
	 * @return the rules
	 */
	public List<RuleStatus> getRules() {
		List<RuleStatus> statuses = new ArrayList<>(this.evaluations.size());
		for (RuleEvaluation evaluation : this.evaluations.values()) {
			statuses.add(evaluation.status());
		}
		return statuses;
	}

	/**
	 * Returns how many times every rule has been evaluated since start.
	 * @return the number of evaluations
	 */
	public long getEvaluationCount() {
		return this.evaluationCount.get();
	}

	/**
	 * Returns the evaluation interval.
	 * @return the evaluation interval
	 */
	public Duration getEvaluationInterval() {
		return this.evaluationInterval;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null) {
				return;
			}
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "perfkit-alerts");
				thread.setDaemon(true);
				return thread;
			});
			long period = this.evaluationInterval.toMillis();
			executor.scheduleWithFixedDelay(this::evaluate, period, period, TimeUnit.MILLISECONDS);
			this.scheduler = executor;
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			ScheduledExecutorService executor = this.scheduler;
			if (executor != null) {
				executor.shutdownNow();
				this.scheduler = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	private double activeCount(AlertLevel level) {
		int count = 0;
		for (RuleEvaluation evaluation : this.evaluations.values()) {
			Alert alert = evaluation.active;
			if (alert != null && alert.getLevel() == level) {
				count++;
			}
		}
		synchronized (this.reported) {
			for (Alert alert : this.reported.values()) {
				if (alert.getLevel() == level) {
					count++;
				}
			}
		}
		return count;
	}

	private void remember(Alert alert) {
		synchronized (this.history) {
			if (alert.getStatus() == AlertStatus.RESOLVED) {
				List<Alert> entries = new ArrayList<>(this.history);
				for (int i = 0; i < entries.size(); i++) {
					if (entries.get(i).getId() == alert.getId()) {
						entries.set(i, alert);
						this.history.clear();
						this.history.addAll(entries);
						return;
					}
				}
			}
			this.history.addLast(alert);
			while (this.history.size() > this.maxHistory) {
				this.history.removeFirst();
			}
		}
	}

	private void publish(Alert alert) {
		if (alert.getStatus() == AlertStatus.FIRING) {
			this.fired.get(alert.getLevel()).increment();
			if (alert.getLevel() == AlertLevel.INFO) {
				logger.info("Alert fired: " + alert.getMessage());
			}
			else {
				logger.warn("Alert fired (" + alert.getLevel().name().toLowerCase(Locale.ROOT) + "): "
						+ alert.getMessage());
			}
		}
		else {
			logger.info("Alert resolved: " + alert.getMessage() + " (now " + AlertRule.format(alert.getValue()) + ")");
		}
		remember(alert);
		this.publisher.publishEvent(new PerformanceAlertEvent(this, alert));
	}

	/** Evaluation state of one rule; touched only under the monitor's lock, read by endpoint threads. */
	private final class RuleEvaluation {

		private final AlertRule rule;

		private final RateWindow numerator = new RateWindow();

		private final RateWindow denominator = new RateWindow();

		private volatile @Nullable Alert active;

		private @Nullable Instant lastFiredAt;

		private @Nullable Instant holdsSince;

		private volatile RuleState state = RuleState.NOT_EVALUATED;

		private volatile @Nullable Double value;

		private volatile @Nullable Instant evaluatedAt;

		RuleEvaluation(AlertRule rule) {
			this.rule = rule;
		}

		void evaluate() {
			Instant now = AlertMonitor.this.clock.instant();
			Double measured = measure(now);
			this.evaluatedAt = now;
			this.value = measured;
			if (measured == null) {
				this.state = RuleState.NO_DATA;
				return;
			}
			Alert current = this.active;
			if (this.rule.condition().test(measured, this.rule.threshold())) {
				if (this.holdsSince == null) {
					this.holdsSince = now;
				}
				if (current != null) {
					this.state = RuleState.FIRING;
				}
				else if (now.isBefore(this.holdsSince.plus(this.rule.pendingPeriod()))) {
					this.state = RuleState.PENDING;
				}
				else if (this.lastFiredAt != null && now.isBefore(this.lastFiredAt.plus(this.rule.cooldown()))) {
					this.state = RuleState.SUPPRESSED;
				}
				else {
					Alert alert = new Alert(AlertMonitor.this.ids.incrementAndGet(), this.rule, measured, now);
					this.active = alert;
					this.lastFiredAt = now;
					this.state = RuleState.FIRING;
					publish(alert);
				}
			}
			else {
				this.holdsSince = null;
				this.state = RuleState.OK;
				if (current != null) {
					this.active = null;
					publish(current.resolve(measured, now));
				}
			}
		}

		private @Nullable Double measure(Instant now) {
			Double value = read(this.rule.meter(), this.numerator, now);
			MeterSelector relativeTo = this.rule.relativeTo();
			if (relativeTo == null) {
				return value;
			}
			// read the divisor even without a value, so that both rate windows start in the same evaluation
			Double divisor = read(relativeTo, this.denominator, now);
			if (value == null || divisor == null || divisor == 0) {
				return null;
			}
			return value / divisor;
		}

		private @Nullable Double read(MeterSelector selector, RateWindow window, Instant now) {
			Double reading = AlertMonitor.this.reader.read(selector, this.rule.statistic());
			return (this.rule.statistic() == AlertStatistic.RATE) ? window.rate(reading, now) : reading;
		}

		RuleStatus status() {
			return new RuleStatus(this.rule.name(),
					(this.rule.relativeTo() != null) ? this.rule.meter() + " / " + this.rule.relativeTo()
							: this.rule.meter().toString(),
					this.rule.statistic().name().toLowerCase(Locale.ROOT), this.rule.condition().symbol(),
					this.rule.threshold(), this.rule.level(), this.rule.cooldown().toString(),
					this.rule.pendingPeriod().toString(), this.state, this.value,
					this.evaluatedAt);
		}

	}

	/** Turns successive cumulative counts into a per-second rate over the last interval. */
	private static final class RateWindow {

		private double lastCount = Double.NaN;

		private @Nullable Instant lastAt;

		@Nullable Double rate(@Nullable Double count, Instant now) {
			if (count == null) {
				this.lastCount = Double.NaN;
				this.lastAt = null;
				return null;
			}
			Instant previousAt = this.lastAt;
			double previous = this.lastCount;
			this.lastCount = count;
			this.lastAt = now;
			if (previousAt == null || Double.isNaN(previous) || count < previous) {
				return null;
			}
			double seconds = Duration.between(previousAt, now).toNanos() / 1e9;
			return (seconds > 0) ? (count - previous) / seconds : null;
		}

	}

}
