package dev.perfkit.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AlertMonitorTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MutableClock clock = new MutableClock();

	private final List<PerformanceAlertEvent> events = new ArrayList<>();

	private final ApplicationEventPublisher publisher = (event) -> this.events.add((PerformanceAlertEvent) event);

	private final AtomicReference<Double> queueDepth = new AtomicReference<>(0.0);

	AlertMonitorTests() {
		Gauge.builder("test.queue.depth", this.queueDepth, AtomicReference::get).register(this.registry);
	}

	@Test
	void firesOnceWhileTheConditionHoldsAndResolvesWhenItClears() {
		AlertMonitor monitor = monitor(rule("queue-deep", "test.queue.depth", AlertStatistic.VALUE,
				AlertCondition.GREATER_THAN, 10, Duration.ofMinutes(5)));
		monitor.evaluate();
		assertThat(this.events).isEmpty();
		this.queueDepth.set(25.0);
		evaluateTimes(monitor, 3);
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.isFiring()).isTrue();
			assertThat(event.getAlert().getRule()).isEqualTo("queue-deep");
			assertThat(event.getAlert().getValue()).isEqualTo(25.0);
			assertThat(event.getAlert().getMessage()).isEqualTo("queue-deep: value of test.queue.depth is 25 (> 10)");
		});
		assertThat(monitor.getActiveAlerts()).hasSize(1);
		this.queueDepth.set(3.0);
		monitor.evaluate();
		assertThat(this.events).hasSize(2);
		PerformanceAlertEvent resolved = this.events.get(1);
		assertThat(resolved.isResolved()).isTrue();
		assertThat(resolved.getAlert().getId()).isEqualTo(this.events.get(0).getAlert().getId());
		assertThat(resolved.getAlert().getResolvedAt()).isNotNull();
		assertThat(monitor.getActiveAlerts()).isEmpty();
		assertThat(monitor.getRecentAlerts()).singleElement()
			.satisfies((alert) -> assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED));
	}

	@Test
	void alertsFiredByAnotherComponentArePublishedCountedListedAndResolved() {
		AlertMonitor monitor = monitor();
		Alert fired = monitor.fire("cache.users.hit-ratio", AlertLevel.WARNING, "cache.gets{cache=users} hit ratio",
				"<", 0.3, 0.22, "users: hit ratio 22% is below 30%");
		assertThat(monitor.fire("cache.users.hit-ratio", AlertLevel.WARNING, "m", "<", 0.3, 0.2, "again"))
			.isSameAs(fired);
		assertThat(monitor.getActiveAlerts()).containsExactly(fired);
		assertThat(this.registry.get("perfkit.alerts.active").tag("level", "warning").gauge().value()).isEqualTo(1);
		Alert critical = monitor.fire("cache.users.hit-ratio", AlertLevel.CRITICAL, "m", "<", 0.1, 0.05, "worse");
		assertThat(monitor.getActiveAlerts()).containsExactly(critical);
		monitor.resolve("cache.users.hit-ratio", 0.9);
		monitor.resolve("cache.users.hit-ratio", 0.9);
		assertThat(monitor.getActiveAlerts()).isEmpty();
		assertThat(this.events).extracting(PerformanceAlertEvent::isFiring).containsExactly(true, false, true, false);
		assertThat(this.registry.get("perfkit.alerts.fired").tag("level", "critical").counter().count()).isEqualTo(1);
		assertThat(monitor.getRecentAlerts()).extracting(Alert::getStatus)
			.containsExactly(AlertStatus.RESOLVED, AlertStatus.RESOLVED);
	}

	@Test
	void suppressesARepeatWithinTheCooldownAndFiresAgainAfterIt() {
		AlertMonitor monitor = monitor(rule("queue-deep", "test.queue.depth", AlertStatistic.VALUE,
				AlertCondition.GREATER_THAN, 10, Duration.ofMinutes(5)));
		this.queueDepth.set(25.0);
		monitor.evaluate();
		this.queueDepth.set(1.0);
		monitor.evaluate();
		this.queueDepth.set(30.0);
		this.clock.advance(Duration.ofMinutes(1));
		monitor.evaluate();
		assertThat(this.events).hasSize(2);
		assertThat(monitor.getRules()).singleElement()
			.satisfies((rule) -> assertThat(rule.state()).isEqualTo(RuleState.SUPPRESSED));
		this.clock.advance(Duration.ofMinutes(5));
		monitor.evaluate();
		assertThat(this.events).hasSize(3);
		assertThat(this.events.get(2).isFiring()).isTrue();
		assertThat(monitor.getRules().get(0).state()).isEqualTo(RuleState.FIRING);
	}

	@Test
	void firesOnlyOnceTheConditionHeldForThePendingPeriod() {
		AlertMonitor monitor = monitor(new AlertRule("queue-deep", MeterSelector.parse("test.queue.depth"),
				AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 10, AlertLevel.WARNING, Duration.ZERO, "{value}",
				null, Duration.ofSeconds(30)));
		this.queueDepth.set(25.0);
		monitor.evaluate();
		this.clock.advance(Duration.ofSeconds(20));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).state()).isEqualTo(RuleState.PENDING);
		this.queueDepth.set(5.0);
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		this.queueDepth.set(25.0);
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		this.clock.advance(Duration.ofSeconds(20));
		monitor.evaluate();
		assertThat(this.events).as("the dip restarted the pending period").isEmpty();
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.isFiring()).isTrue());
		assertThat(monitor.getRules().get(0).pendingPeriod()).isEqualTo("PT30S");
	}

	@Test
	void countsFiredAlertsByLevel() {
		AlertMonitor monitor = monitor(rule("queue-deep", "test.queue.depth", AlertStatistic.VALUE,
				AlertCondition.GREATER_THAN, 10, Duration.ZERO));
		this.queueDepth.set(25.0);
		monitor.evaluate();
		assertThat(this.registry.get("perfkit.alerts.fired").tag("level", "warning").counter().count()).isOne();
		assertThat(this.registry.get("perfkit.alerts.fired").tag("level", "critical").counter().count()).isZero();
		assertThat(this.registry.get("perfkit.alerts.active").tag("level", "warning").gauge().value()).isOne();
	}

	@Test
	void reportsNoDataForARuleWhoseMeterDoesNotExist() {
		AlertMonitor monitor = monitor(rule("absent", "perfkit.not.there", AlertStatistic.VALUE,
				AlertCondition.GREATER_THAN, 0, Duration.ZERO));
		assertThat(monitor.getRules().get(0).state()).isEqualTo(RuleState.NOT_EVALUATED);
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).state()).isEqualTo(RuleState.NO_DATA);
		assertThat(monitor.getRules().get(0).value()).isNull();
		assertThat(this.events).isEmpty();
	}

	@Test
	void measuresRateAsIncreasePerSecondOverTheInterval() {
		Counter errors = this.registry.counter("test.errors", "kind", "io");
		this.registry.counter("test.errors", "kind", "parse").increment(1000);
		AlertMonitor monitor = monitor(new AlertRule("errors", new MeterSelector("test.errors", Map.of("kind", "io")),
				AlertStatistic.RATE, AlertCondition.GREATER_THAN, 5, AlertLevel.CRITICAL, Duration.ZERO, "{value}/s",
				null));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).state()).isEqualTo(RuleState.NO_DATA);
		errors.increment(40);
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).value()).isEqualTo(4.0);
		assertThat(this.events).isEmpty();
		errors.increment(60);
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getAlert().getLevel()).isEqualTo(AlertLevel.CRITICAL);
			assertThat(event.getAlert().getMessage()).isEqualTo("6/s");
		});
	}

	@Test
	void comparesARatioOfRatesWithRelativeTo() {
		Counter hits = this.registry.counter("test.gets", "result", "hit");
		Counter misses = this.registry.counter("test.gets", "result", "miss");
		AlertMonitor monitor = monitor(new AlertRule("hit-ratio", new MeterSelector("test.gets", Map.of("result", "hit")),
				AlertStatistic.RATE, AlertCondition.LESS_THAN, 0.5, AlertLevel.WARNING, Duration.ZERO, "{value}",
				MeterSelector.parse("test.gets")));
		monitor.evaluate();
		hits.increment(90);
		misses.increment(10);
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).value()).isEqualTo(0.9);
		hits.increment(10);
		misses.increment(90);
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).value()).isEqualTo(0.1);
		assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.isFiring()).isTrue());
		this.clock.advance(Duration.ofSeconds(10));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).state()).isEqualTo(RuleState.NO_DATA);
	}

	@Test
	void ignoresUndefinedNegativeGaugesInARatio() {
		this.registry.gauge("test.memory.used", List.of(Tag.of("pool", "old")), 95.0);
		this.registry.gauge("test.memory.max", List.of(Tag.of("pool", "eden")), -1.0);
		this.registry.gauge("test.memory.max", List.of(Tag.of("pool", "old")), 100.0);
		AlertMonitor monitor = monitor(new AlertRule("heap", MeterSelector.parse("test.memory.used"),
				AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 0.9, AlertLevel.WARNING, Duration.ZERO, "{value}",
				MeterSelector.parse("test.memory.max")));
		monitor.evaluate();
		assertThat(monitor.getRules().get(0).value()).isEqualTo(0.95);
		assertThat(this.events).hasSize(1);
	}

	@Test
	void readsTimerStatisticsInSeconds() {
		Timer timer = Timer.builder("test.latency").publishPercentiles(0.95).register(this.registry);
		for (int i = 1; i <= 100; i++) {
			timer.record(i * 10L, TimeUnit.MILLISECONDS);
		}
		AlertMonitor monitor = monitor(
				rule("p95", "test.latency", AlertStatistic.P95, AlertCondition.GREATER_THAN, 0.5, Duration.ZERO),
				rule("mean", "test.latency", AlertStatistic.MEAN, AlertCondition.GREATER_THAN, 0.5, Duration.ZERO),
				rule("max", "test.latency", AlertStatistic.MAX, AlertCondition.GREATER_THAN, 0.5, Duration.ZERO),
				rule("count", "test.latency", AlertStatistic.COUNT, AlertCondition.GREATER_THAN, 0.5, Duration.ZERO),
				rule("p99", "test.latency", AlertStatistic.P99, AlertCondition.GREATER_THAN, 0.5, Duration.ZERO));
		monitor.evaluate();
		List<RuleStatus> rules = monitor.getRules();
		assertThat(rules.get(0).value()).isBetween(0.9, 1.0);
		assertThat(rules.get(1).value()).isEqualTo(0.505, within(1e-9));
		assertThat(rules.get(2).value()).isEqualTo(1.0);
		assertThat(rules.get(3).value()).isEqualTo(100.0);
		assertThat(rules.get(4).state()).as("the timer publishes no p99").isEqualTo(RuleState.NO_DATA);
	}

	@Test
	void keepsABoundedHistoryNewestFirst() {
		AlertMonitor monitor = new AlertMonitor(this.registry,
				List.of(rule("queue-deep", "test.queue.depth", AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 10,
						Duration.ZERO)),
				this.publisher, Duration.ofSeconds(1), 3, this.clock);
		for (int i = 0; i < 5; i++) {
			this.queueDepth.set(20.0 + i);
			monitor.evaluate();
			this.queueDepth.set(0.0);
			monitor.evaluate();
		}
		assertThat(monitor.getRecentAlerts()).hasSize(3)
			.extracting(Alert::getValue)
			.containsExactly(0.0, 0.0, 0.0);
		assertThat(monitor.getRecentAlerts()).extracting(Alert::getId).containsExactly(5L, 4L, 3L);
	}

	@Test
	void aFailingListenerDoesNotStopOtherRules() {
		List<ApplicationEvent> received = new ArrayList<>();
		ApplicationEventPublisher failing = (event) -> {
			received.add((ApplicationEvent) event);
			throw new IllegalStateException("listener failed");
		};
		this.queueDepth.set(50.0);
		AlertMonitor monitor = new AlertMonitor(this.registry,
				List.of(rule("first", "test.queue.depth", AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 10,
						Duration.ZERO),
						rule("second", "test.queue.depth", AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 20,
								Duration.ZERO)),
				failing, Duration.ofSeconds(1), 10, this.clock);
		monitor.evaluate();
		assertThat(received).hasSize(2);
		assertThat(monitor.getActiveAlerts()).extracting(Alert::getRule).containsExactly("first", "second");
	}

	@Test
	void concurrentEvaluationsAndReadersSeeOneFiringAndOneResolution() throws Exception {
		List<PerformanceAlertEvent> received = new CopyOnWriteArrayList<>();
		AlertMonitor monitor = new AlertMonitor(this.registry,
				List.of(rule("queue-deep", "test.queue.depth", AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 10,
						Duration.ofHours(1))),
				(event) -> received.add((PerformanceAlertEvent) event), Duration.ofSeconds(1), 10, this.clock);
		this.queueDepth.set(50.0);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> tasks = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				boolean evaluator = t % 2 == 0;
				tasks.add(pool.submit(() -> {
					for (int i = 0; i < 500; i++) {
						if (evaluator) {
							monitor.evaluate();
						}
						else {
							assertThat(monitor.getActiveAlerts().size() + monitor.getRecentAlerts().size())
								.isLessThanOrEqualTo(2);
							assertThat(monitor.getRules()).hasSize(1);
						}
					}
				}));
			}
			for (Future<?> task : tasks) {
				task.get(60, TimeUnit.SECONDS);
			}
			this.queueDepth.set(0.0);
			tasks.clear();
			for (int t = 0; t < 4; t++) {
				tasks.add(pool.submit(() -> {
					for (int i = 0; i < 200; i++) {
						monitor.evaluate();
					}
				}));
			}
			for (Future<?> task : tasks) {
				task.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(received).extracting(PerformanceAlertEvent::isFiring).containsExactly(true, false);
		assertThat(monitor.getEvaluationCount()).isEqualTo(4 * 500 + 4 * 200);
		assertThat(this.registry.get("perfkit.alerts.fired").tag("level", "warning").counter().count()).isOne();
	}

	@Test
	void startsOnceAndStops() {
		AlertMonitor monitor = monitor();
		monitor.start();
		monitor.start();
		assertThat(monitor.isRunning()).isTrue();
		monitor.stop();
		assertThat(monitor.isRunning()).isFalse();
	}

	private void evaluateTimes(AlertMonitor monitor, int times) {
		for (int i = 0; i < times; i++) {
			this.clock.advance(Duration.ofSeconds(10));
			monitor.evaluate();
		}
	}

	private AlertMonitor monitor(AlertRule... rules) {
		return new AlertMonitor(this.registry, List.of(rules), this.publisher, Duration.ofSeconds(10), 100,
				this.clock);
	}

	private static AlertRule rule(String name, String metric, AlertStatistic statistic, AlertCondition condition,
			double threshold, Duration cooldown) {
		return new AlertRule(name, MeterSelector.parse(metric), statistic, condition, threshold, AlertLevel.WARNING,
				cooldown, "{name}: {statistic} of {metric} is {value} ({condition} {threshold})", null);
	}

}
