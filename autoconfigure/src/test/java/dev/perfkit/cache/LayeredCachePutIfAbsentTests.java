package dev.perfkit.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.CacheManager;

import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.test.RedisLocator;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Cache#putIfAbsent} decided atomically: by {@code SET NX} in Redis across instances, by an insert-if-absent
 * in SQLite, by one Caffeine call in L1; an evicted key is absent; only a stored value is broadcast.
 */
class LayeredCachePutIfAbsentTests {

	private static final int KEYS = 20;

	private static final int THREADS_PER_INSTANCE = 8;

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner instance(String name, boolean memory, boolean redis) {
		Path file = this.temp.resolve(name + ".db");
		ApplicationContextRunner runner = redis
				? CacheTestContexts.runner(RedisLocator.locate().url(), file, this.prefix)
				: CacheTestContexts.runnerWithoutRedis(file, this.prefix);
		return runner.withPropertyValues("perfkit.cache.memory.enabled=" + memory);
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void storesOnlyWhatIsAbsentAndReturnsWhatIsHeld(boolean memory, boolean redis) {
		instance("a", memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("if-absent");
			assertThat(cache.putIfAbsent("k", "first")).isNull();
			ValueWrapper held = cache.putIfAbsent("k", "second");
			assertThat(held).isNotNull();
			assertThat(held.get()).isEqualTo("first");
			assertThat(cache.get("k").get()).isEqualTo("first");

			// a null value is a value: held, and returned in a wrapper
			assertThat(cache.putIfAbsent("null", null)).isNull();
			ValueWrapper nullHeld = cache.putIfAbsent("null", "other");
			assertThat(nullHeld).isNotNull();
			assertThat(nullHeld.get()).isNull();

			// an evicted key is absent (in Redis its tombstone does not block the write)
			cache.evict("k");
			assertThat(cache.putIfAbsent("k", "after-evict")).isNull();
			assertThat(cache.get("k").get()).isEqualTo("after-evict");
		});
	}

	@Test
	void onlyAStoredValueIsBroadcast() {
		instance("a", true, true).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("if-absent");
			RedisInvalidationBus bus = context.getBean(RedisInvalidationBus.class);
			long before = bus.getPublished();
			assertThat(cache.putIfAbsent("k", "first")).isNull();
			assertThat(bus.getPublished()).isEqualTo(before + 1);
			assertThat(cache.putIfAbsent("k", "second")).isNotNull();
			((LayeredCache) cache).clearMemory();
			// decided by Redis this time, not by L1
			assertThat(cache.putIfAbsent("k", "third").get()).isEqualTo("first");
			assertThat(bus.getPublished()).isEqualTo(before + 1);
		});
	}

	@Test
	void aValueAnotherInstanceStoredInRedisWinsOverThisInstancesPutIfAbsent() {
		instance("a", true, true).run((a) -> instance("b", true, true).run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("if-absent");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("if-absent");
			RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
			long received = busOfA.getReceived();
			assertThat(onB.putIfAbsent("k", "from-b")).isNull();
			// B's broadcast reaches A first, or it would drop what A is about to take into L1 (rightly: conservative)
			await().atMost(Duration.ofSeconds(10)).until(() -> busOfA.getReceived() > received);
			assertThat(onA.policy().isInMemory("k")).isFalse();
			assertThat(onA.putIfAbsent("k", "from-a").get()).isEqualTo("from-b");
			// and A now serves it from L1
			assertThat(onA.policy().isInMemory("k")).isTrue();
			assertThat(onA.get("k").get()).isEqualTo("from-b");
		}));
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void concurrentPutIfAbsentHasOneWinnerThatEveryCallerSees(boolean memory, boolean redis) throws Exception {
		if (redis) {
			// two instances of the application on one Redis, each with threads of its own
			instance("a", memory, true).run((a) -> instance("b", memory, true)
				.run((b) -> race(List.of(cacheOf(a), cacheOf(b)))));
		}
		else {
			instance("a", memory, false).run((a) -> race(List.of(cacheOf(a))));
		}
	}

	private static Cache cacheOf(org.springframework.context.ApplicationContext context) {
		return context.getBean(CacheManager.class).getCache("race");
	}

	private static void race(List<Cache> caches) throws Exception {
		int threads = THREADS_PER_INSTANCE * caches.size();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int key = 0; key < KEYS; key++) {
				String k = "key-" + key;
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Object>> answers = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					Cache cache = caches.get(t % caches.size());
					String value = "value-" + t;
					answers.add(pool.submit(() -> {
						start.await();
						ValueWrapper held = cache.putIfAbsent(k, value);
						return (held != null) ? held.get() : new Won(value);
					}));
				}
				start.countDown();
				List<Won> winners = new ArrayList<>();
				Set<Object> seen = new HashSet<>();
				for (Future<Object> answer : answers) {
					Object result = answer.get(60, TimeUnit.SECONDS);
					if (result instanceof Won won) {
						winners.add(won);
					}
					else {
						seen.add(result);
					}
				}
				assertThat(winners).as(k).hasSize(1);
				String winner = winners.get(0).value();
				assertThat(seen).as(k).isSubsetOf(winner);
				for (Cache cache : caches) {
					assertThat(cache.get(k).get()).as(k).isEqualTo(winner);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aFillThatMissedBeforeAnEvictionDoesNotOverwriteAPutIfAbsentOverItsTombstone() throws Exception {
		instance("a", true, true).run((a) -> instance("b", true, true).run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("if-absent");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("if-absent");
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			ExecutorService pool = Executors.newSingleThreadExecutor();
			try {
				Future<String> slow = pool.submit(() -> onA.get("k", () -> {
					loading.countDown();
					release.await(30, TimeUnit.SECONDS);
					return "stale";
				}));
				assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
				onB.put("k", "newer");
				onB.evict("k");
				assertThat(onB.putIfAbsent("k", "fresh")).isNull();
				release.countDown();
				assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo("stale");
			}
			finally {
				pool.shutdownNow();
			}
			onB.clearMemory();
			assertThat(onB.get("k").get()).isEqualTo("fresh");
			await().atMost(Duration.ofSeconds(10)).until(() -> "fresh".equals(onA.get("k").get()));
		}));
	}

	@Test
	void withoutRedisTheValueTheFileKeptAcrossARestartIsHeld() {
		instance("a", true, false).run((context) -> context.getBean(CacheManager.class)
			.getCache("if-absent")
			.put("k", "before-restart"));
		instance("a", true, false).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("if-absent");
			assertThat(cache.putIfAbsent("k", "after-restart").get()).isEqualTo("before-restart");
			assertThat(cache.putIfAbsent("other", "after-restart")).isNull();
		});
	}

	@Test
	void whileRedisIsDownTheFileDecidesAndRedisIsRepairedWhenItIsBack() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			CacheTestContexts.runner(redis.url(), this.temp.resolve("down.db"), this.prefix)
				.withPropertyValues("perfkit.cache.redis.timeout=200ms", "perfkit.cache.recovery-interval=1s")
				.run((context) -> {
					LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
					LayeredCache cache = manager.getLayeredCache("if-absent");
					cache.put("warm-up", "x");
					redis.kill();
					assertThat(cache.putIfAbsent("k", "while-down")).isNull();
					assertThat(cache.putIfAbsent("k", "again").get()).isEqualTo("while-down");
					// Redis did not take it: an eviction of the key waits to be replayed there
					assertThat(manager.getPendingRepairs("redis")).isPositive();
					redis.restart();
					await().atMost(Duration.ofSeconds(30)).until(() -> manager.getPendingRepairs("redis") == 0);
					cache.clearMemory();
					// Redis holds no older copy; the restart is a loss of the invalidation stream, after which the
					// instance's own file is dropped too (nothing vouches for it): the value or a miss, nothing else
					Cache.ValueWrapper after = cache.get("k");
					assertThat((after != null) ? after.get() : "(miss)").isIn("while-down", "(miss)");
				});
		}
	}

	private record Won(String value) {
	}

}
