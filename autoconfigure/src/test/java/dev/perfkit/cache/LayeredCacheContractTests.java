package dev.perfkit.cache;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NullValue;

import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spring's {@link Cache} contract through the auto-configured manager, with L1 on and off, with and without Redis.
 */
class LayeredCacheContractTests {

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner runner(boolean memory, boolean redis) {
		Path file = this.temp.resolve("cache.db");
		ApplicationContextRunner runner = redis
				? CacheTestContexts.runner(RedisLocator.locate().url(), file, this.prefix)
				: CacheTestContexts.runnerWithoutRedis(file, this.prefix);
		return runner.withPropertyValues("perfkit.cache.memory.enabled=" + memory);
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void theCacheContractHoldsInEveryLayer(boolean memory, boolean redis) {
		runner(memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("contract");
			assertThat(cache.get("absent")).isNull();
			assertThat(cache.get("absent", String.class)).isNull();

			cache.put("k", "v");
			assertThat(cache.get("k").get()).isEqualTo("v");
			assertThat(cache.get("k", String.class)).isEqualTo("v");
			assertThatIllegalStateException().isThrownBy(() -> cache.get("k", Integer.class));

			// a null value, given as null or as Spring's NullValue marker, is a present entry whose value is null
			cache.put("null", null);
			cache.put("marker", NullValue.INSTANCE);
			for (String key : new String[] { "null", "marker" }) {
				assertThat(cache.get(key)).as(key).isNotNull();
				assertThat(cache.get(key).get()).as(key).isNull();
				assertThat(cache.get(key, String.class)).as(key).isNull();
			}

			assertThat(cache.putIfAbsent("k", "other").get()).isEqualTo("v");
			assertThat(cache.putIfAbsent("new", "first")).isNull();
			assertThat(cache.get("new").get()).isEqualTo("first");

			assertThat(cache.get("loaded", () -> "from-loader")).isEqualTo("from-loader");
			assertThat(cache.get("loaded", () -> "again")).isEqualTo("from-loader");

			cache.evict("k");
			assertThat(cache.get("k")).isNull();
			assertThat(cache.evictIfPresent("new")).isEqualTo(memory);
			assertThat(cache.get("new")).isNull();
			cache.clear();
			assertThat(cache.get("loaded")).isNull();
			assertThat(cache.get("null")).isNull();
		});
	}

}
