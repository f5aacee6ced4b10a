package dev.perfkit.cache.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredCachePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("perfkit.cache.sqlite.enabled=false");

	@Test
	void negativeMemorySizeFailsStartUpNamingTheProperty() {
		assertFailure("perfkit.cache.memory.maximum-size=-1", "perfkit.cache.memory.maximum-size");
	}

	@Test
	void nonPositiveTtlFailsStartUp() {
		assertFailure("perfkit.cache.default-ttl=0s", "property 'perfkit.cache.default-ttl'");
	}

	@Test
	void unknownCompressionFailsStartUpListingTheChoices() {
		assertFailure("perfkit.cache.redis.compression=brotli", "one of none, gzip, lz4, zstd");
	}

	@Test
	void sqlitePathUnderARegularFileFailsStartUp(@TempDir Path temp) throws IOException {
		Path file = Files.createFile(temp.resolve("not-a-directory"));
		assertFailure("perfkit.cache.sqlite.path=" + file.resolve("cache.db"), "'perfkit.cache.sqlite.path'");
	}

	@Test
	void earlyRefreshBetaOutOfRangeFailsStartUp() {
		assertFailure("perfkit.cache.stampede.early-refresh-beta=-1", "perfkit.cache.stampede.early-refresh-beta");
	}

	@Test
	void specMemorySizeIsValidatedToo() {
		assertFailure("perfkit.cache.specs.products.memory.maximum-size=0",
				"perfkit.cache.specs[products].memory.maximum-size");
	}

	@Test
	void validPropertiesStartTheCache() {
		this.contextRunner
			.withPropertyValues("perfkit.cache.redis.compression=gzip", "perfkit.cache.redis.compression-threshold=4KB",
					"perfkit.cache.stampede.early-refresh-beta=2")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(LayeredCacheProperties.class)
				.extracting((properties) -> properties.getRedis().getCompressionThreshold().toKilobytes())
				.isEqualTo(4L));
	}

	private void assertFailure(String property, String expected) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			String report = analysis.getDescription() + analysis.getAction();
			assertThat(report).contains(expected);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
