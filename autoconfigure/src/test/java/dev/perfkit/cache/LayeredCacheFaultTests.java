package dev.perfkit.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.perfkit.cache.CacheTestContexts.Catalog;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.test.Latencies;
import dev.perfkit.test.RedisLocator;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The layered cache while its own Redis is killed, restarted and paused (SIGSTOP).
 */
class LayeredCacheFaultTests {

	@TempDir
	Path temp;

	@Test
	void killedOrPausedRedisNeverFailsACallAndIsUsedAgainWhenItComesBack() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			CacheTestContexts.runner(redis.url(), this.temp.resolve("faults.db"), CacheTestContexts.uniquePrefix())
				.withPropertyValues("perfkit.cache.redis.timeout=200ms", "perfkit.cache.recovery-interval=1s")
				.run((context) -> {
					Catalog catalog = context.getBean(Catalog.class);
					LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
					for (int id = 1; id <= 5; id++) {
						catalog.lookup(id);
					}

					redis.kill();
					Latencies killed = readEverythingFromBelowL1(catalog, cache);
					assertThat(catalog.calls()).isEqualTo(5);
					assertThat(redisState(context).failures()).isPositive();
					assertThat(redisState(context).skipped()).isPositive();

					redis.restart();
					long restarted = awaitRedisLayerUsedAgain(context, cache, "after-restart");
					// the restart lost the invalidation stream: L1 and this instance's L3 are dropped, since nothing
					// vouches for them any more; the values are loaded again (into L3 too)
					RedisInvalidationBus bus = context.getBean(RedisInvalidationBus.class);
					await().atMost(Duration.ofSeconds(30)).until(() -> bus.getLosses() > 0);
					for (int id = 1; id <= 5; id++) {
						catalog.lookup(id);
					}
					int loaded = catalog.calls();

					redis.pause();
					Latencies paused = readEverythingFromBelowL1(catalog, cache);
					assertThat(catalog.calls()).isEqualTo(loaded);
					redis.resume();
					long resumed = awaitRedisLayerUsedAgain(context, cache, "after-resume");
					System.out.println(killed.summary("Redis killed"));
					System.out.println(paused.summary("Redis paused (SIGSTOP)"));
					System.out.printf("  L2 used again %d ms after the restart, %d ms after SIGCONT%n", restarted, resumed);
				});
		}
	}

	@Test
	void fileThatIsNotSqliteIsLeftAloneAndTheCacheKeepsAnswering() throws Exception {
		Path file = this.temp.resolve("corrupt.db");
		Files.write(file, "this is not a SQLite database at all. ".repeat(200).getBytes(StandardCharsets.UTF_8));
		CacheTestContexts.runner(RedisLocator.locate().url(), file, CacheTestContexts.uniquePrefix())
			.run((context) -> {
				Catalog catalog = context.getBean(Catalog.class);
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
				for (int round = 0; round < 10; round++) {
					cache.clearMemory();
					assertThat(catalog.lookup(1).name()).isEqualTo("lookup-1-v1");
				}
				assertThat(catalog.calls()).isEqualTo(1);
				assertThat(cache.getStatistics().getHits("redis")).isEqualTo(9);
				LayeredCacheManager.LayerState sqlite = layerState(context, "sqlite");
				assertThat(sqlite.up()).isFalse();
				assertThat(sqlite.failures()).isPositive();
				// a path set to some other file by mistake: never moved or overwritten
				assertThat(file).content(StandardCharsets.UTF_8).startsWith("this is not a SQLite database");
				assertThat(Path.of(file + ".corrupt")).doesNotExist();
			});
	}

	@Test
	void sqliteFileLockedByAnotherConnectionIsSkippedAndTheCacheKeepsAnswering() throws Exception {
		Path file = this.temp.resolve("locked.db");
		CacheTestContexts.runner(RedisLocator.locate().url(), file, CacheTestContexts.uniquePrefix())
			.withPropertyValues("perfkit.cache.redis.enabled=false")
			.run((context) -> {
				Catalog catalog = context.getBean(Catalog.class);
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
				catalog.lookup(1);
				// another connection holds the write lock: reads still work (WAL), writes wait busy-timeout and fail
				try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + file + "?busy_timeout=10000");
						Statement statement = locker.createStatement()) {
					statement.execute("BEGIN IMMEDIATE");
					statement.executeUpdate("DELETE FROM perfkit_cache_entries WHERE 0");
					for (int id = 1; id <= 10; id++) {
						cache.clearMemory();
						assertThat(catalog.lookup(id).name()).isEqualTo("lookup-" + id + "-v1");
					}
					assertThat(layerState(context, "sqlite").failures()).isPositive();
					statement.execute("ROLLBACK");
				}
			});
	}

	/** Reads every value 40 times with L1 dropped in between (200 calls, within 30 s); returns their durations. */
	private Latencies readEverythingFromBelowL1(Catalog catalog, LayeredCache cache) {
		Latencies latencies = new Latencies(200);
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			for (int round = 0; round < 40; round++) {
				cache.clearMemory();
				for (int id = 1; id <= 5; id++) {
					int lookup = id;
					latencies.time(() -> assertThat(catalog.lookup(lookup).name())
						.isEqualTo("lookup-" + lookup + "-v1"));
				}
			}
		});
		return latencies;
	}

	/** Waits until writes reach Redis again; returns how long that took in milliseconds. */
	private long awaitRedisLayerUsedAgain(AssertableApplicationContext context, LayeredCache cache, String key) {
		RedisCacheLayer layer = context.getBean(RedisCacheLayer.class);
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
			cache.put(key, "written");
			assertThat(layer.get("lookups", key)).isNotNull();
		});
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	private static LayeredCacheManager.LayerState redisState(AssertableApplicationContext context) {
		return layerState(context, "redis");
	}

	private static LayeredCacheManager.LayerState layerState(AssertableApplicationContext context, String name) {
		return context.getBean(LayeredCacheManager.class)
			.getLayerStates()
			.stream()
			.filter((state) -> state.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void closingTheApplicationLogsNoFailedInvalidationRead(CapturedOutput output) {
		CacheTestContexts.runner(RedisLocator.locate().url(), this.temp.resolve("shutdown.db"),
				CacheTestContexts.uniquePrefix())
			.run((context) -> {
				RedisInvalidationBus bus = context.getBean(RedisInvalidationBus.class);
				context.getBean(LayeredCacheManager.class).getLayeredCache("lookups").put("k", "v");
				assertThat(bus.isRunning()).isTrue();
			});
		assertThat(output).doesNotContain("Reading layered cache invalidations failed")
			.doesNotContain("Connection is already closed");
	}

}
