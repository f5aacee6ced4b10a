package dev.perfkit.cache.warming;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.cache.HotKeys.HotKey;
import dev.perfkit.cache.autoconfigure.CacheWarmingAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot keys in the L3 file carry the application's namespace: two applications sharing one SQLite file (a real file
 * in a temporary folder) never read or replace each other's hot keys.
 */
class HotKeyStoreTests {

	@TempDir
	Path folder;

	@Test
	void twoNamespacesOnOneFileDoNotSeeEachOthersHotKeys() throws Exception {
		Path file = this.folder.resolve("shared.db");
		HotKeyStore orders = new HotKeyStore(file, "orders-app");
		HotKeyStore billing = new HotKeyStore(file, "billing-app");
		orders.save("products", List.of(new HotKey("42", 90, 1_000), new HotKey("7", 30, 2_000)));
		billing.save("products", List.of(new HotKey("planted", 1_000_000, 0)));
		assertThat(orders.load()).containsOnlyKeys("products");
		assertThat(orders.load().get("products")).extracting(HotKey::key).containsExactly("42", "7");
		assertThat(billing.load().get("products")).extracting(HotKey::key).containsExactly("planted");
		// replacing one application's hot keys leaves the other's alone
		orders.save("products", List.of());
		assertThat(orders.load()).isEmpty();
		assertThat(billing.load().get("products")).extracting(HotKey::key).containsExactly("planted");
	}

	@Test
	void aTableOfAnOlderVersionWithoutNamespaceIsDroppedNotServedToEveryApplication() throws Exception {
		Path file = this.folder.resolve("old.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE perfkit_hot_keys (cache TEXT NOT NULL, cache_key TEXT NOT NULL, "
					+ "hits INTEGER NOT NULL, load_nanos INTEGER NOT NULL, PRIMARY KEY (cache, cache_key))");
			statement.executeUpdate("INSERT INTO perfkit_hot_keys VALUES ('products', 'someone-elses', 5, 0)");
		}
		HotKeyStore store = new HotKeyStore(file, "orders-app");
		assertThat(store.load()).isEmpty();
		store.save("products", List.of(new HotKey("42", 3, 0)));
		assertThat(store.load().get("products")).extracting(HotKey::key).containsExactly("42");
	}

	@Test
	void autoConfiguredStoresOfTwoApplicationsOnOneFileKeepTheirHotKeysApart() {
		Path file = this.folder.resolve("explicit.db");
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
					LayeredCacheAutoConfiguration.class, CacheWarmingAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.redis.enabled=false", "perfkit.cache.sqlite.path=" + file,
					"perfkit.cache.warming.initial-delay=1h");
		runner.withPropertyValues("spring.application.name=orders-app").run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(HotKeyStore.class).save("products", List.of(new HotKey("42", 9, 0)));
		});
		runner.withPropertyValues("spring.application.name=billing-app").run((context) -> {
			assertThat(context).hasNotFailed();
			HotKeyStore store = context.getBean(HotKeyStore.class);
			assertThat(store.load()).isEmpty();
			store.save("products", List.of(new HotKey("1", 1, 0)));
		});
		runner.withPropertyValues("spring.application.name=orders-app").run((context) -> assertThat(
				context.getBean(HotKeyStore.class).load().get("products"))
			.extracting(HotKey::key)
			.containsExactly("42"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
