package dev.perfkit.benchmarks.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.perfkit.monitor.AlertCondition;
import dev.perfkit.monitor.AlertLevel;
import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.AlertRule;
import dev.perfkit.monitor.AlertStatistic;
import dev.perfkit.monitor.MeterSelector;

/**
 * One evaluation of six alert rules (the shape of Perfkit's defaults: two ratios of rates, a ratio of gauges, a
 * gauge, a timer percentile and a counter rate) against a registry of about 600 meters, compared with the peer a
 * team would otherwise write: a scheduled method that looks up the same meters by name and tags and sums them,
 * with no state, no rates and no events. Single-threaded, as the evaluator runs on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class AlertEvaluationBenchmark {

	private MeterRegistry registry;

	private AlertMonitor monitor;

	private List<MeterSelector> selectors;

	@Setup
	public void setUp() {
		this.registry = new SimpleMeterRegistry();
		for (int i = 0; i < 100; i++) {
			String id = "pool-" + i;
			this.registry.gauge("jvm.memory.used", List.of(Tag.of("area", (i % 2 == 0) ? "heap" : "nonheap"),
					Tag.of("id", id)), new AtomicLong(1_000 + i));
			this.registry.gauge("jvm.memory.max", List.of(Tag.of("area", (i % 2 == 0) ? "heap" : "nonheap"),
					Tag.of("id", id)), new AtomicLong(100_000));
			Counter.builder("cache.gets").tags("cache", "c" + i, "result", "hit").register(this.registry).increment(90);
			Counter.builder("cache.gets").tags("cache", "c" + i, "result", "miss").register(this.registry).increment(10);
			Timer.builder("http.server.requests").tags("uri", "/api/" + i).register(this.registry)
				.record(Duration.ofMillis(i));
			Gauge.builder("resilience4j.circuitbreaker.state", () -> 0).tags("name", "b" + (i % 10), "state",
					"s" + (i / 10)).register(this.registry);
		}
		Gauge.builder("process.cpu.usage", () -> 0.2).register(this.registry);
		Timer.builder("perfkit.db.query").publishPercentiles(0.95).register(this.registry).record(Duration.ofMillis(3));
		Counter.builder("perfkit.db.slow.queries").register(this.registry).increment();
		List<AlertRule> rules = List.of(
				rule("hit-ratio", "cache.gets{result=hit}", AlertStatistic.RATE, AlertCondition.LESS_THAN, 0.5,
						"cache.gets"),
				rule("slow-rate", "perfkit.db.slow.queries", AlertStatistic.RATE, AlertCondition.GREATER_THAN, 0.1,
						"perfkit.db.query"),
				rule("breaker", "resilience4j.circuitbreaker.state{state=open}", AlertStatistic.VALUE,
						AlertCondition.GREATER_THAN, 0, null),
				rule("heap", "jvm.memory.used{area=heap}", AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 0.9,
						"jvm.memory.max{area=heap}"),
				rule("cpu", "process.cpu.usage", AlertStatistic.VALUE, AlertCondition.GREATER_THAN, 0.9, null),
				rule("p95", "perfkit.db.query", AlertStatistic.P95, AlertCondition.GREATER_THAN, 1, null));
		this.monitor = new AlertMonitor(this.registry, rules, (event) -> {
		}, Duration.ofSeconds(10), 100);
		this.selectors = List.of(MeterSelector.parse("cache.gets{result=hit}"), MeterSelector.parse("cache.gets"),
				MeterSelector.parse("perfkit.db.slow.queries"), MeterSelector.parse("perfkit.db.query"),
				MeterSelector.parse("resilience4j.circuitbreaker.state{state=open}"),
				MeterSelector.parse("jvm.memory.used{area=heap}"), MeterSelector.parse("jvm.memory.max{area=heap}"),
				MeterSelector.parse("process.cpu.usage"));
	}

	@Benchmark
	public long perfkitEvaluateSixRules() {
		this.monitor.evaluate();
		return this.monitor.getEvaluationCount();
	}

	@Benchmark
	public double peerHandWrittenLookups() {
		double sum = 0;
		for (MeterSelector selector : this.selectors) {
			for (Meter meter : this.registry.find(selector.name()).tags(tags(selector.tags())).meters()) {
				sum += meter.measure().iterator().next().getValue();
			}
		}
		return sum;
	}

	private static List<Tag> tags(Map<String, String> tags) {
		return tags.entrySet().stream().map((entry) -> Tag.of(entry.getKey(), entry.getValue())).toList();
	}

	private static AlertRule rule(String name, String meter, AlertStatistic statistic, AlertCondition condition,
			double threshold, @Nullable String relativeTo) {
		return new AlertRule(name, MeterSelector.parse(meter), statistic, condition, threshold, AlertLevel.WARNING,
				Duration.ofMinutes(5), "{name}", (relativeTo != null) ? MeterSelector.parse(relativeTo) : null);
	}

}
