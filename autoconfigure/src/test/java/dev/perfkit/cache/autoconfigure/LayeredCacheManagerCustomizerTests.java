package dev.perfkit.cache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.resilience.autoconfigure.CircuitBreakerRegistryAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredCacheManagerCustomizerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, CacheAutoConfiguration.class,
				CircuitBreakerRegistryAutoConfiguration.class, LayeredCacheAutoConfiguration.class))
		.withPropertyValues("perfkit.cache.redis.enabled=false", "perfkit.cache.sqlite.enabled=false");

	@Test
	void appliesBuilderCustomizersInOrderAfterTheProperties() {
		this.contextRunner.withUserConfiguration(BuilderCustomizers.class)
			.withPropertyValues("perfkit.cache.cache-names=configured")
			.run((context) -> {
				assertThat(context.getBean(Calls.class).calls).containsExactly("first", "second");
				LayeredCacheManager cacheManager = context.getBean(LayeredCacheManager.class);
				assertThat(cacheManager.getCacheNames()).containsExactly("configured", "first", "second");
			});
	}

	@Test
	void aBuilderCustomizerChangesWhatThePropertiesSet() {
		// the customizer runs after the properties, so its recovery interval is the breakers' wait in open state
		this.contextRunner.withUserConfiguration(RecoveryCustomizer.class)
			.withPropertyValues("perfkit.cache.recovery-interval=2s", "perfkit.cache.sqlite.enabled=true",
					"perfkit.cache.sqlite.path=target/test-caches/customizer-" + System.nanoTime() + ".db")
			.run((context) -> assertThat(context.getBean(CircuitBreakerRegistry.class)
				.find("perfkit-cache-sqlite")
				.orElseThrow()
				.getCircuitBreakerConfig()
				.getWaitIntervalFunctionInOpenState()
				.apply(1)).isEqualTo(Duration.ofSeconds(9).toMillis()));
	}

	@Test
	void appliesBootsCacheManagerCustomizersOfTheLayeredCacheManagerOnly() {
		this.contextRunner.withUserConfiguration(BootCustomizers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			LayeredCacheManager cacheManager = context.getBean(LayeredCacheManager.class);
			assertThat(context.getBean(Calls.class).calls).containsExactly("boot:" + cacheManager.getClass().getName());
			assertThat(cacheManager.getCacheNames()).contains("by-boot-customizer");
		});
	}

	static class Calls {

		final List<String> calls = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class BuilderCustomizers {

		@Bean
		Calls calls() {
			return new Calls();
		}

		@Bean
		@Order(2)
		LayeredCacheManagerBuilderCustomizer secondCustomizer(Calls calls) {
			return (builder) -> {
				calls.calls.add("second");
				builder.cacheNames(List.of("second"));
			};
		}

		@Bean
		@Order(1)
		LayeredCacheManagerBuilderCustomizer firstCustomizer(Calls calls) {
			return (builder) -> {
				calls.calls.add("first");
				builder.cacheNames(List.of("first"));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class RecoveryCustomizer {

		@Bean
		LayeredCacheManagerBuilderCustomizer recoveryCustomizer() {
			return (builder) -> builder.recoveryInterval(Duration.ofSeconds(9));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class BootCustomizers {

		@Bean
		Calls calls() {
			return new Calls();
		}

		@Bean
		CacheManagerCustomizer<LayeredCacheManager> layeredCustomizer(Calls calls) {
			return (cacheManager) -> {
				calls.calls.add("boot:" + cacheManager.getClass().getName());
				cacheManager.getCache("by-boot-customizer");
			};
		}

		@Bean
		CacheManagerCustomizer<ConcurrentMapCacheManager> otherCustomizer(Calls calls) {
			return (cacheManager) -> calls.calls.add("other");
		}

	}

}
