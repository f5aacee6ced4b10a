package dev.perfkit.cache.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LayeredCacheBackOffTests {

	private static final String BACK_OFF = "Perfkit's layered cache is off because the application chose its own cache";

	@TempDir
	static Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, LayeredCacheBackOffAutoConfiguration.class))
		.withPropertyValues("perfkit.cache.redis.enabled=false", "perfkit.cache.sqlite.path=" + temp.resolve("b.db"))
		.withUserConfiguration(CachingConfiguration.class);

	@Test
	void springCacheTypeKeepsBootsCacheAndSaysSoOnceAtInfo(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.cache.type=simple").run((context) -> {
			assertThat(context).doesNotHaveBean(LayeredCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
		});
		assertThat(output).containsOnlyOnce(BACK_OFF + " (spring.cache.type=simple)");
		assertThat(output.getAll()).contains("INFO");
	}

	@Test
	void springCacheTypeCaffeineIsKept(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.cache.type=caffeine")
			.run((context) -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(CaffeineCacheManager.class));
		assertThat(output).containsOnlyOnce(BACK_OFF + " (spring.cache.type=caffeine)");
	}

	@Test
	void aCacheManagerOfTheApplicationIsKeptAndNamed(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(UserCacheManagerConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(LayeredCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
		});
		assertThat(output).containsOnlyOnce(BACK_OFF + " (CacheManager bean 'myCacheManager' ("
				+ ConcurrentMapCacheManager.class.getName() + "))");
	}

	@Test
	void explicitPerfkitCacheEnabledWithSpringCacheTypeFailsStartUpNamingBoth() {
		this.contextRunner.withPropertyValues("spring.cache.type=simple", "perfkit.cache.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				LayeredCacheConflictException conflict = findCause(context.getStartupFailure());
				FailureAnalysis analysis = new LayeredCacheConflictFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(conflict).isNotNull();
				assertThat(analysis.getDescription()).contains("perfkit.cache.enabled=true")
					.contains("spring.cache.type=simple");
				assertThat(analysis.getAction()).contains("remove perfkit.cache.enabled=true")
					.contains("remove spring.cache.type=simple");
			});
	}

	@Test
	void explicitPerfkitCacheEnabledWithTheApplicationsCacheManagerFailsStartUp() {
		this.contextRunner.withUserConfiguration(UserCacheManagerConfiguration.class)
			.withPropertyValues("perfkit.cache.enabled=true")
			.run((context) -> assertThat(findCause(context.getStartupFailure())).isNotNull()
				.satisfies((conflict) -> assertThat(conflict.getChoice()).contains("myCacheManager")));
	}

	@Test
	void saysNothingWhenTheLayeredCacheIsTheCacheManager(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LayeredCacheManager.class));
		assertThat(output).doesNotContain(BACK_OFF);
	}

	@Test
	void saysNothingWhenTheLayeredCacheIsSwitchedOff(CapturedOutput output) {
		this.contextRunner.withPropertyValues("perfkit.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheManager.class).hasNotFailed());
		assertThat(output).doesNotContain(BACK_OFF);
	}

	private static LayeredCacheConflictException findCause(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof LayeredCacheConflictException conflict) {
				return conflict;
			}
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManagerConfiguration {

		@Bean
		ConcurrentMapCacheManager myCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

}
