package dev.perfkit.cache;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueWrapper;
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


	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void putIfAbsentStoresOnlyWhenNothingIsHeldAndReturnsWhatIsHeld(boolean memory, boolean redis) {
		runner(memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("contract-if-absent");
			// null when the value was associated with the key
			assertThat(cache.putIfAbsent("k", "v")).isNull();
			assertThat(cache.get("k", String.class)).isEqualTo("v");
			// the value held, which stays
			assertThat(cache.putIfAbsent("k", "w").get()).isEqualTo("v");
			assertThat(cache.get("k", String.class)).isEqualTo("v");
			// a null value held is returned as a wrapper of null, whichever way it was given
			assertThat(cache.putIfAbsent("null", NullValue.INSTANCE)).isNull();
			ValueWrapper held = cache.putIfAbsent("null", "w");
			assertThat(held).isNotNull();
			assertThat(held.get()).isNull();
			// evicted and cleared keys are absent again
			cache.evict("k");
			assertThat(cache.putIfAbsent("k", "after-evict")).isNull();
			cache.clear();
			assertThat(cache.putIfAbsent("k", "after-clear")).isNull();
			assertThat(cache.putIfAbsent("null", "after-clear")).isNull();
			assertThat(cache.get("null", String.class)).isEqualTo("after-clear");
		});
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void retrieveAnswersThroughAFuture(boolean memory, boolean redis) {
		runner(memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("contract-retrieve");
			cache.put("k", "v");
			cache.put("null", null);
			// with null values allowed, a held value comes in a wrapper
			assertThat(((ValueWrapper) cache.retrieve("k").get(30, TimeUnit.SECONDS)).get()).isEqualTo("v");
			assertThat(((ValueWrapper) cache.retrieve("null").get(30, TimeUnit.SECONDS)).get()).isNull();
			// a miss is no future, or a future of nothing
			CompletableFuture<?> missing = cache.retrieve("missing");
			assertThat((missing != null) ? missing.get(30, TimeUnit.SECONDS) : null).isNull();

			AtomicInteger loads = new AtomicInteger();
			assertThat(cache.retrieve("k", () -> {
				loads.incrementAndGet();
				return CompletableFuture.completedFuture("other");
			}).get(30, TimeUnit.SECONDS)).isEqualTo("v");
			assertThat(loads).hasValue(0);
			assertThat(cache.retrieve("loaded", () -> {
				loads.incrementAndGet();
				return CompletableFuture.supplyAsync(() -> "from-loader");
			}).get(30, TimeUnit.SECONDS)).isEqualTo("from-loader");
			assertThat(loads).hasValue(1);
			assertThat(cache.get("loaded", String.class)).isEqualTo("from-loader");
			assertThat(((ValueWrapper) cache.retrieve("loaded").get(30, TimeUnit.SECONDS)).get())
				.isEqualTo("from-loader");
			cache.evict("loaded");
			CompletableFuture<?> evicted = cache.retrieve("loaded");
			assertThat((evicted != null) ? evicted.get(30, TimeUnit.SECONDS) : null).isNull();
		});
	}

}
