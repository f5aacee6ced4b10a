package dev.perfkit.cache.tuning;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.autoconfigure.CacheAnalyticsAutoConfiguration;
import dev.perfkit.cache.autoconfigure.CacheTuningAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.cache.autoconfigure.MemoryGuardAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

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
				assertThat(cache.getMemoryMaximumSize()).isGreaterThan(100);
				assertThat(after).isGreaterThan(before + 0.05);
				tuner.revertAll();
				assertThat(cache.getMemoryMaximumSize()).isEqualTo(100);
				assertThat(tuner.getChanges()).isEmpty();
			});
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
