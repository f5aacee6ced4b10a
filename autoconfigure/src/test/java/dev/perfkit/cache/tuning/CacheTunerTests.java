package dev.perfkit.cache.tuning;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.autoconfigure.CacheAnalyticsAutoConfiguration;
import dev.perfkit.cache.autoconfigure.CacheTuningAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.cache.autoconfigure.MemoryGuardAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CacheTunerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, CacheAnalyticsAutoConfiguration.class,
				MemoryGuardAutoConfiguration.class, CacheTuningAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("perfkit.cache.sqlite.enabled=false", "perfkit.cache.stampede.early-refresh-beta=0",
				"perfkit.cache.analytics.sample-interval=1h", "perfkit.cache.memory-guard.check-interval=1h",
				"perfkit.cache.memory.maximum-size=100");

	@Test
	void tuningIsOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheTuner.class));
	}

	@Test
	void withTuningOnTheMeasuredHitRatioOfAZipfWorkloadRisesAndTheChangesCanBeReverted() {
		this.contextRunner.withPropertyValues("perfkit.cache.tuning.enabled=true", "perfkit.cache.tuning.strategy=aggressive")
			.run((context) -> {
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("users");
				CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
				SplittableRandom random = new SplittableRandom(11);
				workload(cache, random);
				analytics.sample();
				double before = analytics.report("users").latest().memoryHitRatio();
				for (int step = 0; step < 3; step++) {
					workload(cache, random);
					analytics.sample();
				}
				double after = analytics.report("users").latest().memoryHitRatio();
				CacheTuner tuner = context.getBean(CacheTuner.class);
				assertThat(tuner.getChanges()).isNotEmpty().allSatisfy((change) -> {
					assertThat(change.cache()).isEqualTo("users");
					assertThat(change.after()).isGreaterThan(change.before());
				});
				assertThat(cache.policy().getMemoryMaximumSize()).isGreaterThan(100);
				assertThat(after).isGreaterThan(before + 0.05);
				tuner.revertAll();
				assertThat(cache.policy().getMemoryMaximumSize()).isEqualTo(100);
				assertThat(tuner.getChanges()).isEmpty();
			});
	}

	@Test
	void withAMaximumTtlACacheMissingOnExpiredEntriesGetsALongerTtlWithinItAndTheChangeCanBeReverted() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.tuning.enabled=true", "perfkit.cache.specs.sessions.ttl=200ms",
					"perfkit.cache.tuning.maximum-ttl=250ms")
			.run((context) -> {
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("sessions");
				CacheAnalytics analytics = context.getBean(CacheAnalytics.class);
				CacheTuner tuner = context.getBean(CacheTuner.class);
				readAllTwiceAcrossExpiry(cache);
				analytics.sample();
				assertThat(analytics.report("sessions").latest().expiredMisses()).isGreaterThanOrEqualTo(0.2);
				assertThat(cache.policy().getTtl()).isEqualTo(Duration.ofMillis(250));
				assertThat(tuner.getChanges()).singleElement().satisfies((change) -> {
					assertThat(change.parameter()).isEqualTo("ttl");
					assertThat(change.before()).isEqualTo(200);
					assertThat(change.after()).isEqualTo(250);
					assertThat(change.hitRatioAfter()).isNull();
				});
				readAllTwiceAcrossExpiry(cache);
				analytics.sample();
				// at the maximum: no further change, and the first one now has its effect
				assertThat(cache.policy().getTtl()).isEqualTo(Duration.ofMillis(250));
				assertThat(tuner.getChanges()).singleElement()
					.satisfies((change) -> assertThat(change.hitRatioAfter()).isNotNull());
				tuner.revertAll();
				assertThat(cache.policy().getTtl()).isEqualTo(Duration.ofMillis(200));
			});
	}

	@Test
	void withoutAMaximumTtlTuningLeavesTtlsAlone() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.tuning.enabled=true", "perfkit.cache.specs.sessions.ttl=200ms")
			.run((context) -> {
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("sessions");
				readAllTwiceAcrossExpiry(cache);
				context.getBean(CacheAnalytics.class).sample();
				assertThat(cache.policy().getTtl()).isEqualTo(Duration.ofMillis(200));
				assertThat(context.getBean(CacheTuner.class).getChanges()).isEmpty();
			});
	}

	@Test
	void aZeroMaximumTtlFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("perfkit.cache.tuning.enabled=true", "perfkit.cache.tuning.maximum-ttl=0s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				// the property itself, not the name of a validation method (maximum-ttl-valid)
				assertThat(analysis.getDescription())
					.contains("property 'perfkit.cache.tuning.maximum-ttl' = 'PT0S': must be a positive duration");
				assertThat(analysis.getAction()).contains("Set 'perfkit.cache.tuning.maximum-ttl' to a value that is a"
						+ " positive duration");
			});
	}

	private static void readAllTwiceAcrossExpiry(LayeredCache cache) {
		for (int i = 0; i < 50; i++) {
			cache.get("session-" + i, () -> "value");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (int i = 0; i < 50; i++) {
				if (cache.policy().isInMemory("session-" + i)) {
					return false;
				}
			}
			return true;
		});
		for (int i = 0; i < 50; i++) {
			cache.get("session-" + i, () -> "value");
		}
	}

	private static void workload(LayeredCache cache, SplittableRandom random) {
		for (int i = 0; i < 30_000; i++) {
			cache.get("user-" + zipf(random, 20_000), () -> "value");
		}
	}

	static int zipf(SplittableRandom random, int n) {
		double s = 1.1;
		double max = (Math.pow(n, 1 - s) - 1) / (1 - s);
		double x = Math.pow(random.nextDouble() * max * (1 - s) + 1, 1 / (1 - s));
		return Math.max(1, Math.min(n, (int) x));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
