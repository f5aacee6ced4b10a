package dev.perfkit.cache.analytics;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.autoconfigure.CacheAnalyticsAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.monitor.AlertLevel;
import dev.perfkit.monitor.AlertMonitor;
import dev.perfkit.monitor.AlertStatus;
import dev.perfkit.monitor.PerformanceAlertEvent;
import dev.perfkit.monitor.actuate.AlertsEndpoint;
import dev.perfkit.monitor.autoconfigure.AlertAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class CacheAnalyticsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, CacheAnalyticsAutoConfiguration.class))
		.withUserConfiguration(AlertsConfiguration.class)
		.withPropertyValues("perfkit.cache.sqlite.enabled=false", "perfkit.cache.stampede.early-refresh-beta=0",
				"perfkit.cache.analytics.sample-interval=1h");

	@Test
	void aZipfWorkloadOnATooSmallL1IsToldToRaiseTheSizeOfThatCache() {
		this.contextRunner.withPropertyValues("perfkit.cache.memory.maximum-size=100").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("users");
			SplittableRandom random = new SplittableRandom(7);
			for (int i = 0; i < 50_000; i++) {
				cache.get("user-" + zipf(random, 20_000), () -> "value");
			}
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			analytics.sample();
			CacheAnalytics.Report report = analytics.report("users");
			assertThat(report.latest().memoryHitRatio()).isBetween(0.05, 0.8);
			assertThat(report.latest().missesAfterEviction()).isBetween(0.05, 1.0);
			assertThat(report.recommendations()).singleElement()
				.asString()
				.startsWith("users: L1 hit ratio ")
				.contains("of 100 entries")
				.containsPattern("\\(100 of 100 entries\\), \\d+% of misses follow evictions — ")
				.containsPattern("raise memory.maximum-size to about [2-4]00$");
			assertThat(report.healthScore()).isBetween(0, 100);
			assertThat(report.snapshots()).hasSize(1);
		});
	}

	@Test
	void aFullL1WhoseMissesAreFirstReadsIsNotToldToGrow() {
		this.contextRunner.withPropertyValues("perfkit.cache.memory.maximum-size=100").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("scan");
			for (int i = 0; i < 5_000; i++) {
				cache.get("row-" + i, () -> "value");
				cache.get("row-" + i, () -> "value");
			}
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			analytics.sample();
			CacheAnalytics.Report report = analytics.report("scan");
			assertThat(report.latest().missesAfterEviction()).isLessThan(0.05);
			assertThat(report.recommendations()).singleElement()
				.asString()
				.startsWith("scan: L1 hit ratio 50% with L1 full, but only ")
				.endsWith("a larger L1 would not help");
		});
	}

	@Test
	void anL1AboveEightyPercentOfItsMaximumRaisesAMemoryWarning() {
		this.contextRunner.withPropertyValues("perfkit.cache.memory.maximum-size=100").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("full");
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			for (int i = 0; i < 70; i++) {
				cache.get("key-" + i, () -> "value");
				cache.get("key-" + i, () -> "value");
			}
			analytics.sample();
			assertThat(analytics.report("full").alerts()).extracting(CacheAnalytics.Alert::rule)
				.doesNotContain("memory");
			for (int i = 70; i < 90; i++) {
				cache.get("key-" + i, () -> "value");
				cache.get("key-" + i, () -> "value");
			}
			analytics.sample();
			assertThat(analytics.report("full").alerts()).filteredOn((alert) -> alert.rule().equals("memory"))
				.singleElement()
				.satisfies((alert) -> {
					assertThat(alert.level()).isEqualTo("warning");
					assertThat(alert.message()).isEqualTo("full: L1 holds 90 of 100 entries (90%), above 80%");
					assertThat(alert.value()).isEqualTo(0.9);
				});
			assertThat(context.getBean(AlertsConfiguration.class).alerts)
				.filteredOn((event) -> event.getAlert().rule().equals("memory"))
				.hasSize(1);
		});
	}

	@Test
	void aCacheThatNeverHitsRaisesOneCriticalAlertEvent() {
		this.contextRunner.run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("cold");
			for (int i = 0; i < 100; i++) {
				cache.get("key-" + i, () -> "value");
			}
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			analytics.sample();
			cache.get("key-100", () -> "value");
			analytics.sample();
			List<CacheAlertEvent> alerts = context.getBean(AlertsConfiguration.class).alerts;
			assertThat(alerts).singleElement().satisfies((event) -> {
				assertThat(event.getCache()).isEqualTo("cold");
				assertThat(event.getAlert().level()).isEqualTo("critical");
				assertThat(event.getAlert().message()).isEqualTo("cold: hit ratio 0% is below 10%");
			});
			assertThat(analytics.report("cold").snapshots()).hasSize(2);
		});
	}

	@Test
	void withoutMonitoringAlertsAreCacheAlertEventsRaisedAndResolved() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean("cacheAlertMonitorBridge");
			coldThenWarm(context.getBean(LayeredCacheManager.class).getLayeredCache("cold"),
					context.getBean(CacheAnalytics.class));
			List<CacheAlertEvent> alerts = context.getBean(AlertsConfiguration.class).alerts;
			assertThat(alerts).extracting(CacheAlertEvent::isResolved).containsExactly(false, true);
			assertThat(alerts).allSatisfy((event) -> {
				assertThat(event.getAlert().rule()).isEqualTo("hit-ratio");
				assertThat(event.getAlert().condition()).isEqualTo("<");
				assertThat(event.getAlert().threshold()).isEqualTo(0.10);
			});
			assertThat(context.getBean(AlertsConfiguration.class).performanceAlerts).isEmpty();
		});
	}

	@Test
	void withMonitoringCacheAlertsAreAlsoPerformanceAlertsListedByTheAlertsEndpoint() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(AlertAutoConfiguration.class))
			.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("perfkit.alerts.evaluation-interval=1h")
			.run((context) -> {
				assertThat(context).hasBean("cacheAlertMonitorBridge");
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("cold");
				CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
				AlertMonitor monitor = context.getBean(AlertMonitor.class);
				AlertsEndpoint endpoint = new AlertsEndpoint(monitor);
				for (int i = 0; i < 100; i++) {
					cache.get("key-" + i, () -> "value");
				}
				analytics.sample();
				assertThat(endpoint.alerts().getActive()).singleElement().satisfies((alert) -> {
					assertThat(alert.getRule()).isEqualTo("cache.cold.hit-ratio");
					assertThat(alert.getLevel()).isEqualTo(AlertLevel.CRITICAL);
					assertThat(alert.getMessage()).isEqualTo("cold: hit ratio 0% is below 10%");
					assertThat(alert.getCondition()).isEqualTo("<");
					assertThat(alert.getThreshold()).isEqualTo(0.10);
				});
				assertThat(context.getBean(MeterRegistry.class)
					.get("perfkit.alerts.fired")
					.tag("level", "critical")
					.counter()
					.count()).isEqualTo(1);
				for (int round = 0; round < 20; round++) {
					for (int i = 0; i < 100; i++) {
						cache.get("key-" + i, () -> "value");
					}
				}
				analytics.sample();
				assertThat(endpoint.alerts().getActive()).isEmpty();
				assertThat(endpoint.alerts().getRecent()).singleElement()
					.satisfies((alert) -> assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED));
				List<PerformanceAlertEvent> events = context.getBean(AlertsConfiguration.class).performanceAlerts;
				assertThat(events).extracting(PerformanceAlertEvent::isFiring).containsExactly(true, false);
				assertThat(context.getBean(AlertsConfiguration.class).alerts).hasSize(2);
			});
	}

	private static void coldThenWarm(LayeredCache cache, CacheAnalytics analytics) {
		for (int i = 0; i < 100; i++) {
			cache.get("key-" + i, () -> "value");
		}
		analytics.sample();
		for (int round = 0; round < 20; round++) {
			for (int i = 0; i < 100; i++) {
				cache.get("key-" + i, () -> "value");
			}
		}
		analytics.sample();
	}

	@Test
	void snapshotsCarryTheP95LoadTimeAndAnEstimateOfL1Bytes(@TempDir Path temp) {
		this.contextRunner
			.withPropertyValues("perfkit.cache.sqlite.enabled=true", "perfkit.cache.sqlite.path=" + temp.resolve("c.db"))
			.run((context) -> {
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("sized");
				String value = "x".repeat(100);
				for (int i = 0; i < 90; i++) {
					cache.get("fast-" + i, () -> value);
				}
				for (int i = 0; i < 10; i++) {
					cache.get("slow-" + i, () -> {
						long start = System.nanoTime();
						while (System.nanoTime() - start < 100_000_000) {
							Thread.onSpinWait();
						}
						return value;
					});
				}
				CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
				analytics.sample();
				CacheAnalytics.Snapshot latest = analytics.report("sized").latest();
				// the 95th of 100 loads is one of the ten slow ones; its bucket's bound is at least its time
				assertThat(latest.p95LoadMillis()).isGreaterThanOrEqualTo(100);
				assertThat(latest.memorySize()).isEqualTo(100);
				assertThat(latest.estimatedBytes()).isBetween(100L * 100, 100L * 200);
			});
	}

	@Test
	void theFirstSnapshotsThroughputCountsFromTheStartOfTheAnalyticsNotFromTheSample() {
		this.contextRunner.run((context) -> {
			long start = System.nanoTime();
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("first");
			for (int i = 0; i < 1000; i++) {
				cache.get("k" + (i % 10), () -> "v");
			}
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			analytics.sample();
			double seconds = (System.nanoTime() - start) / 1e9;
			// the analytics were created before start, so their first interval is at least this long
			assertThat(analytics.report("first").latest().readsPerSecond()).isPositive().isLessThanOrEqualTo(1000 / seconds);
		});
	}

	@Test
	void anL1OnlyCacheHasNoByteEstimate() {
		this.contextRunner.run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("plain");
			cache.get("k", () -> "v");
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			analytics.sample();
			assertThat(analytics.report("plain").latest().estimatedBytes()).isEqualTo(-1);
		});
	}

	@Test
	void theWindowIsBounded() {
		this.contextRunner.withPropertyValues("perfkit.cache.analytics.window=3").run((context) -> {
			context.getBean(LayeredCacheManager.class).getLayeredCache("bounded").get("a", () -> "value");
			CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
			for (int i = 0; i < 10; i++) {
				analytics.sample();
			}
			assertThat(analytics.report("bounded").snapshots()).hasSize(3);
		});
	}

	@Test
	void criticalHitRatioAboveWarningFailsStartUpNamingTheProperty() {
		assertFailure("perfkit.cache.analytics.critical-hit-ratio=0.5", "'perfkit.cache.analytics.critical-hit-ratio'");
	}

	@Test
	void memoryUsageAboveOneFailsStartUpNamingTheProperty() {
		assertFailure("perfkit.cache.analytics.warning-memory-usage=1.5", "perfkit.cache.analytics.warning-memory-usage");
	}

	@Test
	void windowOfZeroFailsStartUpNamingTheProperty() {
		assertFailure("perfkit.cache.analytics.window=0", "perfkit.cache.analytics.window");
	}

	@Test
	void analyticsBackOffWhenDisabled() {
		this.contextRunner.withPropertyValues("perfkit.cache.analytics.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheAnalytics.class));
	}

	private void assertFailure(String property, String expected) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription() + analysis.getAction()).contains(expected);
		});
	}

	static int zipf(SplittableRandom random, int n) {
		double s = 1.1;
		double max = (Math.pow(n, 1 - s) - 1) / (1 - s);
		double x = Math.pow(random.nextDouble() * max * (1 - s) + 1, 1 / (1 - s));
		return Math.max(1, Math.min(n, (int) x));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class AlertsConfiguration {

		final List<CacheAlertEvent> alerts = new CopyOnWriteArrayList<>();

		final List<PerformanceAlertEvent> performanceAlerts = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<CacheAlertEvent> alertCollector() {
			return this.alerts::add;
		}

		@Bean
		ApplicationListener<PerformanceAlertEvent> performanceAlertCollector() {
			return this.performanceAlerts::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
