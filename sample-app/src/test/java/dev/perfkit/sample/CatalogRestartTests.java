package dev.perfkit.sample;

import java.nio.file.Path;

import dev.perfkit.sample.data.CatalogSeeder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that start the application twice on the same SQLite file.
 */
class CatalogRestartTests {

	@TempDir
	Path temp;

	@Test
	void secondStartOnTheSameFileDoesNotSeedAgain() {
		// A directory that does not exist yet: the application creates it.
		Path databaseFile = this.temp.resolve("not-yet").resolve("there").resolve("catalog.db");
		try (ConfigurableApplicationContext first = start(databaseFile)) {
			assertThat(first.getBean(CatalogSeeder.class).seededOnStartup()).isTrue();
			assertThat(totalRows(first)).isEqualTo(10_020);
		}
		assertThat(databaseFile).isRegularFile();
		try (ConfigurableApplicationContext second = start(databaseFile)) {
			assertThat(second.getBean(CatalogSeeder.class).seededOnStartup()).isFalse();
			assertThat(totalRows(second)).isEqualTo(10_020);
		}
	}

	private ConfigurableApplicationContext start(Path databaseFile) {
		return new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.NONE)
			.run("--sample.database-file=" + databaseFile, "--spring.main.banner-mode=off");
	}

	private long totalRows(ConfigurableApplicationContext context) {
		return context.getBean(JdbcClient.class).sql("""
				SELECT (SELECT COUNT(*) FROM category) + (SELECT COUNT(*) FROM product)
					+ (SELECT COUNT(*) FROM customer) + (SELECT COUNT(*) FROM purchase_order)
					+ (SELECT COUNT(*) FROM order_item)
				""").query(Long.class).single();
	}

}
