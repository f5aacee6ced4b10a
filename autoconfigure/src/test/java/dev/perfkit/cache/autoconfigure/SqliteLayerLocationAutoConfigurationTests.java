package dev.perfkit.cache.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The L3 file is private to the user and the application by default, and start-up refuses a folder others can use.
 */
class SqliteLayerLocationAutoConfigurationTests {

	@TempDir
	Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class, LayeredCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class);

	@Test
	void defaultFileIsPerUserAndPerApplicationInAnOwnerOnlyFolder() {
		this.contextRunner.withPropertyValues("spring.application.name=catalog").run((context) -> {
			SqliteCacheLayer layer = context.getBean(SqliteCacheLayer.class);
			assertThat(layer.getNamespace()).isEqualTo("catalog");
			assertThat(layer.getPath().getFileName()).hasToString("catalog.db");
			assertThat(layer.getPath().toString())
				.doesNotStartWith(Path.of(System.getProperty("java.io.tmpdir"), "perfkit-cache").toString());
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layer.getPath().getParent())))
				.isEqualTo("rwx------");
		});
	}

	@Test
	void applicationsWithoutANameGetTheirPackageAsNamespace() {
		this.contextRunner.withPropertyValues("perfkit.cache.sqlite.path=" + this.temp.resolve("x.db"))
			.withUserConfiguration(PackageConfiguration.class)
			.run((context) -> assertThat(context.getBean(SqliteCacheLayer.class).getNamespace())
				.isEqualTo(SqliteLayerLocationAutoConfigurationTests.class.getPackageName()));
	}

	@Test
	void startUpRefusesAFolderOthersCanWriteToAndSaysWhatToSet() throws Exception {
		Path folder = Files.createDirectory(this.temp.resolve("shared"));
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.contextRunner.withPropertyValues("perfkit.cache.sqlite.path=" + folder.resolve("cache.db"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new UnsafeCacheLocationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(folder.toString(), "writable by others");
				assertThat(analysis.getAction()).contains("perfkit.cache.sqlite.path", "chmod 700 " + folder);
			});
	}

	@Test
	void twoApplicationsSharingAFileExplicitlyCannotReadEachOthersEntries() {
		String path = "perfkit.cache.sqlite.path=" + this.temp.resolve("shared.db");
		this.contextRunner.withPropertyValues(path, "spring.application.name=a")
			.run((a) -> this.contextRunner.withPropertyValues(path, "spring.application.name=b").run((b) -> {
				a.getBean(SqliteCacheLayer.class)
					.put("c", "k", new byte[] { 1 }, System.currentTimeMillis() + 60_000, new String[0]);
				assertThat(b.getBean(SqliteCacheLayer.class).get("c", "k")).isNull();
				assertThat(a.getBean(SqliteCacheLayer.class).get("c", "k")).containsExactly(1);
			}));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.AutoConfigurationPackage
	static class PackageConfiguration {

	}

}
