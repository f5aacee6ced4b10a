package dev.perfkit.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.test.RedisLocator;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link Cache#retrieve(Object)} and {@link Cache#retrieve(Object, java.util.function.Supplier)}: they never block the
 * caller on Redis or SQLite, load once per key under concurrency, and fail through the future.
 */
class LayeredCacheRetrieveTests {

	private static final int CALLERS = 32;

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner instance(boolean memory, boolean redis) {
		Path file = this.temp.resolve("retrieve.db");
		ApplicationContextRunner runner = redis
				? CacheTestContexts.runner(RedisLocator.locate().url(), file, this.prefix)
				: CacheTestContexts.runnerWithoutRedis(file, this.prefix);
		return runner.withUserConfiguration(AsyncCatalogConfiguration.class)
			.withPropertyValues("perfkit.cache.memory.enabled=" + memory);
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void concurrentRetrievesOfOneKeyRunTheLoaderOnce(boolean memory, boolean redis) throws Exception {
		instance(memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("retrieve");
			AtomicInteger loads = new AtomicInteger();
			CompletableFuture<String> source = new CompletableFuture<>();
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<CompletableFuture<String>>> calls = new ArrayList<>();
				for (int i = 0; i < CALLERS; i++) {
					calls.add(pool.submit(() -> {
						start.await();
						return cache.retrieve("k", () -> {
							loads.incrementAndGet();
							return source;
						});
					}));
				}
				start.countDown();
				List<CompletableFuture<String>> futures = new ArrayList<>();
				for (Future<CompletableFuture<String>> call : calls) {
					// every call returned while the value was still being loaded
					futures.add(call.get(30, TimeUnit.SECONDS));
				}
				assertThat(futures).noneMatch(CompletableFuture::isDone);
				await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() == 1);
				source.complete("loaded");
				for (CompletableFuture<String> future : futures) {
					assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(loads).hasValue(1);
			assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("again")).get(30, TimeUnit.SECONDS))
				.isEqualTo("loaded");
			assertThat(cache.get("k").get()).isEqualTo("loaded");
			assertThat(loads).hasValue(1);
		});
	}

	@Test
	void retrieveReturnsBeforeAPausedRedisAnswersAndCompletesWhenItDoes() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			CacheTestContexts.runner(redis.url(), this.temp.resolve("paused.db"), this.prefix)
				// L1 off so that reads go to Redis; a timeout far beyond the pause, so the read waits for the answer
				.withPropertyValues("perfkit.cache.memory.enabled=false", "perfkit.cache.redis.timeout=60s")
				.run((context) -> {
					Cache cache = context.getBean(CacheManager.class).getCache("retrieve");
					cache.put("k", "stored");
					assertThat(cache.get("k").get()).isEqualTo("stored");
					AtomicInteger loads = new AtomicInteger();
					redis.pause();
					CompletableFuture<?> read;
					CompletableFuture<String> loaded;
					try {
						read = cache.retrieve("k");
						loaded = cache.retrieve("k", () -> {
							loads.incrementAndGet();
							return CompletableFuture.completedFuture("from-loader");
						});
						assertThat(read).isNotNull();
						assertThat(read.isDone()).isFalse();
						assertThat(loaded.isDone()).isFalse();
					}
					finally {
						redis.resume();
					}
					assertThat(((ValueWrapper) read.get(60, TimeUnit.SECONDS)).get()).isEqualTo("stored");
					assertThat(loaded.get(60, TimeUnit.SECONDS)).isEqualTo("stored");
					assertThat(loads).hasValue(0);
				});
		}
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void aFailingLoadCompletesTheFutureExceptionallyAndTheNextCallLoadsAgain(boolean memory, boolean redis) {
		instance(memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("retrieve");
			CompletableFuture<String> failed = cache.retrieve("k",
					() -> CompletableFuture.failedFuture(new IllegalStateException("source down")));
			assertThatExceptionOfType(CompletionException.class).isThrownBy(failed::join)
				.havingRootCause()
				.withMessage("source down");
			CompletableFuture<String> thrown = cache.retrieve("k", () -> {
				throw new IllegalStateException("loader threw");
			});
			assertThatExceptionOfType(CompletionException.class).isThrownBy(thrown::join)
				.havingRootCause()
				.withMessage("loader threw");
			assertThat(cache.get("k")).isNull();
			assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).join()).isEqualTo("v");
			assertThat(cache.get("k").get()).isEqualTo("v");
		});
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void retrieveOfAKeyCompletesWithItsWrapperOrWithNothing(boolean memory, boolean redis) throws Exception {
		instance(memory, redis).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("retrieve");
			cache.put("k", "v");
			cache.put("null", null);
			assertThat(((ValueWrapper) cache.retrieve("k").get(30, TimeUnit.SECONDS)).get()).isEqualTo("v");
			assertThat(((ValueWrapper) cache.retrieve("null").get(30, TimeUnit.SECONDS)).get()).isNull();
			CompletableFuture<?> missing = cache.retrieve("missing");
			assertThat((missing != null) ? missing.get(30, TimeUnit.SECONDS) : null).isNull();
		});
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void cacheableMethodsReturningACompletableFutureAreCached(boolean memory, boolean redis) {
		instance(memory, redis).run((context) -> {
			AsyncCatalog catalog = context.getBean(AsyncCatalog.class);
			assertThat(catalog.lookup(1).join()).isEqualTo("lookup-1");
			assertThat(catalog.lookup(1).join()).isEqualTo("lookup-1");
			assertThat(catalog.syncLookup(2).join()).isEqualTo("sync-2");
			assertThat(catalog.syncLookup(2).join()).isEqualTo("sync-2");
			assertThat(catalog.calls()).isEqualTo(2);
		});
	}

	@ParameterizedTest(name = "L1 {0}, Redis {1}")
	@CsvSource({ "true, true", "false, true", "true, false", "false, false" })
	void anAsynchronousLoadCarriesTheTagsOfItsCacheableCall(boolean memory, boolean redis) {
		instance(memory, redis).run((context) -> {
			AsyncCatalog catalog = context.getBean(AsyncCatalog.class);
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			assertThat(catalog.taggedLookup(1).join()).isEqualTo("tagged-1");
			assertThat(catalog.taggedLookup(2).join()).isEqualTo("tagged-2");
			// written before the future completes, with the tags of the call and of its value
			assertThat(catalog.taggedLookup(1).join()).isEqualTo("tagged-1");
			assertThat(catalog.calls()).isEqualTo(2);
			manager.invalidateTags("product:1");
			assertThat(catalog.taggedLookup(1).join()).isEqualTo("tagged-1");
			assertThat(catalog.taggedLookup(2).join()).isEqualTo("tagged-2");
			assertThat(catalog.calls()).isEqualTo(3);
			manager.invalidateTags("result:tagged-2");
			assertThat(catalog.taggedLookup(2).join()).isEqualTo("tagged-2");
			assertThat(catalog.calls()).isEqualTo(4);
		});
	}

	@Test
	void theExecutorOfAsynchronousReadsEndsWithTheContext() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		instance(false, true).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("retrieve");
			cache.put("k", "v");
			assertThat(cache.retrieve("k").get(30, TimeUnit.SECONDS)).isNotNull();
			assertThat(asyncThreads(before)).isNotEmpty();
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> asyncThreads(before).isEmpty());
	}

	private static Set<String> asyncThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.filter((name) -> name.startsWith("perfkit-cache-async-"))
			.collect(Collectors.toSet());
	}

	/** A service whose cached methods return futures. */
	static class AsyncCatalog {

		private final AtomicInteger calls = new AtomicInteger();

		int calls() {
			return this.calls.get();
		}

		@Cacheable("async-lookups")
		public CompletableFuture<String> lookup(long id) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "lookup-" + id);
		}

		@Cacheable(cacheNames = "async-sync-lookups", sync = true)
		public CompletableFuture<String> syncLookup(long id) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "sync-" + id);
		}

		@Cacheable(cacheNames = "async-tagged", sync = true)
		@CacheTags({ "'product:' + #id", "'result:' + #result" })
		public CompletableFuture<String> taggedLookup(long id) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "tagged-" + id);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncCatalogConfiguration {

		@Bean
		AsyncCatalog asyncCatalog() {
			return new AsyncCatalog();
		}

	}

}
