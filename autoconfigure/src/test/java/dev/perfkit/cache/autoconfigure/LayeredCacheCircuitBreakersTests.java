package dev.perfkit.cache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheManager.LayerState;
import dev.perfkit.resilience.autoconfigure.CircuitBreakerRegistryAutoConfiguration;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers' circuit breakers live in Resilience4j's registry, under stable names, configurable there.
 */
class LayeredCacheCircuitBreakersTests {

	@TempDir
	static Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CacheAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
				CircuitBreakerRegistryAutoConfiguration.class, LayeredCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.url=" + RedisLocator.locate().url(),
				"perfkit.cache.redis.key-prefix=perfkit-test:" + UUID.randomUUID() + ":",
				"perfkit.cache.sqlite.path=" + temp.resolve("breakers.db"));

	@Test
	void everyLayersBreakerIsInResilience4jsRegistryWithPerfkitsDefaults() {
		this.contextRunner.withPropertyValues("perfkit.cache.recovery-interval=7s").run((context) -> {
			assertThat(context).hasSingleBean(CircuitBreakerRegistry.class)
				.doesNotHaveBean("perfkitCircuitBreakerRegistry");
			CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
			assertThat(registry.find("perfkit-cache-redis")).isPresent();
			assertThat(registry.find("perfkit-cache-sqlite")).isPresent();
			CircuitBreakerConfig config = registry.find("perfkit-cache-redis").get().getCircuitBreakerConfig();
			assertThat(config.getSlidingWindowSize()).isEqualTo(20);
			assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(7000L);
		});
	}

	@Test
	void eachLayersBreakerCountsACallAsSlowPastItsOwnLayersTimeout() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.redis.timeout=300ms", "perfkit.cache.sqlite.busy-timeout=1s")
			.run((context) -> {
				CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
				assertThat(registry.find("perfkit-cache-redis").get().getCircuitBreakerConfig()
					.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(301));
				assertThat(registry.find("perfkit-cache-sqlite").get().getCircuitBreakerConfig()
					.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(1001));
			});
	}

	@Test
	void anInstanceConfiguredUnderResilience4jWinsOverPerfkitsDefaults() {
		this.contextRunner
			.withPropertyValues("resilience4j.circuitbreaker.instances.perfkit-cache-redis.sliding-window-size=7",
					"resilience4j.circuitbreaker.instances.perfkit-cache-redis.wait-duration-in-open-state=42s")
			.run((context) -> {
				CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
				CircuitBreakerConfig redis = registry.find("perfkit-cache-redis").get().getCircuitBreakerConfig();
				assertThat(redis.getSlidingWindowSize()).isEqualTo(7);
				assertThat(redis.getWaitIntervalFunctionInOpenState().apply(1))
					.isEqualTo(Duration.ofSeconds(42).toMillis());
				// the layer the user did not configure keeps Perfkit's defaults
				assertThat(registry.find("perfkit-cache-sqlite").get().getCircuitBreakerConfig().getSlidingWindowSize())
					.isEqualTo(20);
			});
	}

	@Test
	void theRegistrysBreakerIsTheOneThatGuardsTheLayer() {
		this.contextRunner.run((context) -> {
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			LayeredCache cache = manager.getLayeredCache("guarded");
			CircuitBreaker redis = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("perfkit-cache-redis");
			redis.transitionToForcedOpenState();
			cache.put("k", "v");
			LayerState state = manager.getLayerStates()
				.stream()
				.filter((layer) -> layer.name().equals("redis"))
				.findFirst()
				.orElseThrow();
			assertThat(state.circuitBreaker()).isEqualTo("FORCED_OPEN");
			assertThat(state.skipped()).isPositive();
		});
	}

	@Test
	void aRegistryOfPerfkitsOwnWithoutResilience4jsStarter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataRedisAutoConfiguration.class,
					CacheAutoConfiguration.class, CircuitBreakerRegistryAutoConfiguration.class,
					LayeredCacheAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.data.redis.url=" + RedisLocator.locate().url(),
					"perfkit.cache.sqlite.path=" + temp.resolve("own.db"))
			.run((context) -> {
				assertThat(context).hasBean("perfkitCircuitBreakerRegistry");
				CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
				assertThat(registry.getAllCircuitBreakers()).extracting(CircuitBreaker::getName)
					.contains("perfkit-cache-redis", "perfkit-cache-sqlite");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
