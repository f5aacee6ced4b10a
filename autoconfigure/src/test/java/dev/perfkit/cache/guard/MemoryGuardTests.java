package dev.perfkit.cache.guard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.cache.autoconfigure.MemoryGuardAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MemoryGuardTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, MemoryGuardAutoConfiguration.class))
		.withUserConfiguration(SimulatedPressureConfiguration.class)
		.withPropertyValues("perfkit.cache.sqlite.enabled=false", "perfkit.cache.memory.maximum-size=1000",
				"perfkit.cache.memory-guard.check-interval=1h", "perfkit.cache.memory-guard.heap-threshold=0.8");

	@Test
	void underPressureTheLargestLeastHitL1ShrinksFirstAndEverythingIsRestoredGraduallyAfter() {
		this.contextRunner.run((context) -> {
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			LayeredCache large = manager.getLayeredCache("large");
			LayeredCache small = manager.getLayeredCache("small");
			for (int i = 0; i < 500; i++) {
				large.put("k" + i, "v");
			}
			small.put("k", "v");
			AtomicReference<Double> heap = context.getBean(SimulatedPressureConfiguration.class).heap;
			MemoryGuard guard = context.getBean(MemoryGuard.class);
			heap.set(0.95);
			assertThat(guard.check()).isTrue();
			assertThat(large.policy().getMemoryMaximumSize()).isEqualTo(500);
			assertThat(small.policy().getMemoryMaximumSize()).isEqualTo(1000);
			guard.check();
			assertThat(large.policy().getMemoryMaximumSize()).isEqualTo(250);
			// Caffeine evicts down to the new maximum in its maintenance, on its executor
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				large.get("k0");
				assertThat(large.getMemorySize()).isLessThanOrEqualTo(250);
			});
			assertThat(guard.getShrunk()).containsEntry("large", 1000L);
			heap.set(0.5);
			assertThat(guard.check()).isFalse();
			assertThat(large.policy().getMemoryMaximumSize()).isEqualTo(500);
			guard.check();
			assertThat(large.policy().getMemoryMaximumSize()).isEqualTo(750);
			guard.check();
			assertThat(large.policy().getMemoryMaximumSize()).isEqualTo(1000);
			assertThat(guard.getShrunk()).isEmpty();
			guard.check();
			assertThat(large.policy().getMemoryMaximumSize()).isEqualTo(1000);
		});
	}

	@Test
	void neverShrinksBelowTheMinimumSize() {
		this.contextRunner.withPropertyValues("perfkit.cache.memory-guard.minimum-size=400").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("only");
			cache.put("k", "v");
			context.getBean(SimulatedPressureConfiguration.class).heap.set(0.99);
			MemoryGuard guard = context.getBean(MemoryGuard.class);
			for (int i = 0; i < 5; i++) {
				guard.check();
			}
			assertThat(cache.policy().getMemoryMaximumSize()).isEqualTo(400);
		});
	}

	@Test
	void heapThresholdOutOfRangeFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("perfkit.cache.memory-guard.heap-threshold=1.5").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription() + analysis.getAction())
				.contains("perfkit.cache.memory-guard.heap-threshold");
		});
	}

	@Test
	void guardBacksOffWhenDisabled() {
		this.contextRunner.withPropertyValues("perfkit.cache.memory-guard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryGuard.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class SimulatedPressureConfiguration {

		final AtomicReference<Double> heap = new AtomicReference<>(0.1);

		@Bean
		HeapPressure simulatedHeapPressure() {
			return this.heap::get;
		}

	}

}
