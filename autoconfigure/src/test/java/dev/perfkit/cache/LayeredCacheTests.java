package dev.perfkit.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.perfkit.cache.CacheTestContexts.Catalog;
import dev.perfkit.cache.CacheTestContexts.Product;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The layered cache against the machine's Redis and a SQLite file in a temporary folder.
 */
class LayeredCacheTests {

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner contextRunner() {
		return CacheTestContexts.runner(RedisLocator.locate().url(), this.temp.resolve("cache.db"), this.prefix);
	}

	@Test
	void valueOnlyInL3IsPromotedToL1ButNotIntoTheSharedL2() {
		contextRunner().run((context) -> {
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			LayeredCache cache = manager.getLayeredCache("promotion");
			EntryCodec codec = codec(context);
			long expiresAt = System.currentTimeMillis() + 30_000;
			context.getBean(SqliteCacheLayer.class)
				.put("promotion", "k", codec.encode(Product.of(1, "only-in-l3"), expiresAt, 5, new String[0]), expiresAt,
						new String[0]);

			assertThat(cache.get("k").get()).isEqualTo(Product.of(1, "only-in-l3"));
			assertThat(cache.getStatistics().getHits("sqlite")).isEqualTo(1);
			// another instance may just have invalidated the key in Redis: a local copy must not resurrect it there
			assertThat(context.getBean(RedisCacheLayer.class).get("promotion", "k")).isNull();
			assertThat(cache.get("k").get()).isEqualTo(Product.of(1, "only-in-l3"));
			assertThat(cache.getStatistics().getHits("memory")).isEqualTo(1);
			cache.clearMemory();
			assertThat(cache.get("k").get()).isEqualTo(Product.of(1, "only-in-l3"));
			assertThat(cache.getStatistics().getHits("sqlite")).isEqualTo(2);
		});
	}

	@Test
	void entriesExpireAtTheirOwnTtlInEveryLayer() {
		contextRunner().run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("ttl");
			cache.put("short", "gone soon", Duration.ofMillis(1500));
			cache.put("long", "stays", Duration.ofMinutes(5));
			RedisCacheLayer redis = context.getBean(RedisCacheLayer.class);
			SqliteCacheLayer sqlite = context.getBean(SqliteCacheLayer.class);
			assertThat(redis.get("ttl", "short")).isNotNull();
			assertThat(sqlite.get("ttl", "short")).isNotNull();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(cache.get("short")).isNull();
				assertThat(redis.get("ttl", "short")).isNull();
				assertThat(sqlite.get("ttl", "short")).isNull();
			});
			assertThat(cache.get("long").get()).isEqualTo("stays");
			cache.clearMemory();
			assertThat(cache.get("long").get()).isEqualTo("stays");
		});
	}

	@Test
	void valueCachedBeforeARestartIsServedFromL3WithoutCallingTheLoader() {
		ApplicationContextRunner runner = contextRunner().withPropertyValues("perfkit.cache.redis.enabled=false");
		runner.run((context) -> {
			assertThat(context.getBean(Catalog.class).product(7).name()).isEqualTo("product-7-v1");
			assertThat(context.getBean(Catalog.class).calls()).isEqualTo(1);
		});
		runner.run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(catalog.product(7).name()).isEqualTo("product-7-v1");
			assertThat(catalog.calls()).isEqualTo(0);
			assertThat(context.getBean(LayeredCacheManager.class).getLayeredCache("products").getStatistics()
				.getHits("sqlite")).isEqualTo(1);
		});
	}

	@Test
	void fiftyThreadsOnASyncMethodRunTheLoaderOnce() throws Exception {
		contextRunner().run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			catalog.closeGate();
			ExecutorService threads = Executors.newFixedThreadPool(50);
			try {
				CountDownLatch start = new CountDownLatch(1);
				AtomicInteger started = new AtomicInteger();
				List<Future<Product>> results = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					results.add(threads.submit(() -> {
						started.incrementAndGet();
						start.await();
						return catalog.slowProduct(42);
					}));
				}
				await().untilAtomic(started, org.hamcrest.Matchers.equalTo(50));
				start.countDown();
				await().until(() -> catalog.calls() == 1);
				catalog.openGate();
				for (Future<Product> result : results) {
					assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Product.of(42, "slow-42"));
				}
				assertThat(catalog.calls()).isEqualTo(1);
			}
			finally {
				threads.shutdownNow();
			}
		});
	}

	@Test
	void garbageBytesInL2AndL3AreAMissAndTheValueIsReloaded() {
		contextRunner().run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
			assertThat(catalog.lookup(5).name()).isEqualTo("lookup-5-v1");
			byte[] garbage = "not a frame at all".getBytes(StandardCharsets.UTF_8);
			RedisCacheLayer redis = context.getBean(RedisCacheLayer.class);
			redis.put("lookups", "5", garbage, System.currentTimeMillis() + 60_000, new String[0]);
			context.getBean(SqliteCacheLayer.class)
				.put("lookups", "5", new byte[] { 'P', 1, 0, 1, 2 }, System.currentTimeMillis() + 60_000,
						new String[0]);
			cache.clearMemory();
			catalog.generation("v2");

			assertThat(catalog.lookup(5).name()).isEqualTo("lookup-5-v2");
			assertThat(catalog.calls()).isEqualTo(2);
			assertThat(cache.getStatistics().getCorruptEntries()).isEqualTo(2);
			cache.clearMemory();
			assertThat(catalog.lookup(5).name()).isEqualTo("lookup-5-v2");
			assertThat(catalog.calls()).isEqualTo(2);
		});
	}

	@Test
	void nullValuesAreCachedForTheNullTtl() {
		contextRunner().withPropertyValues("perfkit.cache.null-ttl=1s").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("nulls");
			AtomicInteger loads = new AtomicInteger();
			Object first = cache.get("missing", () -> {
				loads.incrementAndGet();
				return null;
			});
			assertThat(first).isNull();
			assertThat(cache.get("missing")).isNotNull().extracting(org.springframework.cache.Cache.ValueWrapper::get)
				.isNull();
			cache.clearMemory();
			Object again = cache.get("missing", () -> loads.incrementAndGet());
			assertThat(again).isNull();
			assertThat(loads).hasValue(1);
			await().atMost(Duration.ofSeconds(20)).until(() -> cache.get("missing") == null);
		});
	}

	@Test
	void invalidatingATagRemovesTaggedEntriesFromEveryLayer() {
		contextRunner().run((context) -> {
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			LayeredCache products = manager.getLayeredCache("tagged");
			LayeredCache other = manager.getLayeredCache("tagged-other");
			products.put("1", "one", Duration.ofMinutes(5), "category:7", "brand:3");
			products.put("2", "two", Duration.ofMinutes(5), "category:8");
			other.put("3", "three", Duration.ofMinutes(5), "category:7");

			manager.invalidateTags("category:7");

			assertThat(products.get("1")).isNull();
			assertThat(other.get("3")).isNull();
			assertThat(products.get("2").get()).isEqualTo("two");
			assertThat(context.getBean(RedisCacheLayer.class).get("tagged", "1")).isNull();
			assertThat(context.getBean(SqliteCacheLayer.class).get("tagged", "1")).isNull();
			assertThat(context.getBean(SqliteCacheLayer.class).get("tagged", "2")).isNotNull();
		});
	}

	@Test
	void cacheableMethodsTagTheirEntriesThroughSpel() {
		contextRunner().run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			catalog.taggedProduct(1);
			catalog.taggedProduct(2);
			catalog.taggedLookup(1);
			catalog.taggedLookup(2);
			assertThat(catalog.calls()).isEqualTo(4);

			manager.invalidateTags("product:1");
			catalog.taggedProduct(1);
			catalog.taggedProduct(2);
			catalog.taggedLookup(1);
			catalog.taggedLookup(2);
			assertThat(catalog.calls()).isEqualTo(6);

			manager.invalidateTags("a");
			catalog.taggedProduct(1);
			catalog.taggedProduct(2);
			catalog.taggedLookup(2);
			assertThat(catalog.calls()).isEqualTo(8);
			assertThat(context.getBean(SqliteCacheLayer.class).get("tagged-sync", "2")).isNotNull();
		});
	}

	@Test
	void largeValuesAreCompressedInRedisAndReadBack() {
		contextRunner().withPropertyValues("perfkit.cache.redis.compression=zstd").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("large");
			String large = "perfkit layered cache ".repeat(500);
			cache.put("big", large);
			byte[] stored = context.getBean(RedisCacheLayer.class).get("large", "big");
			assertThat(stored).hasSizeLessThan(large.length() / 4);
			cache.clearMemory();
			assertThat(cache.get("big").get()).isEqualTo(large);
		});
	}

	@Test
	void clearRemovesEveryEntryOfTheCacheFromEveryLayer() {
		contextRunner().run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("cleared");
			for (int i = 0; i < 20; i++) {
				cache.put("k" + i, "v" + i);
			}
			cache.clear();
			assertThat(context.getBean(RedisCacheLayer.class).get("cleared", "k3")).isNull();
			assertThat(context.getBean(SqliteCacheLayer.class).get("cleared", "k3")).isNull();
			assertThat(cache.get("k3")).isNull();
		});
	}

	@Test
	void theWriteOfACacheableMissIsTimedAsALoadAndAnUnrelatedPutIsNot() {
		contextRunner().run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
			Catalog catalog = context.getBean(Catalog.class);
			catalog.lookup(1);
			assertThat(cache.getStatistics().getLoads()).isEqualTo(1);
			assertThat(cache.getStatistics().getTotalLoadNanos()).isPositive();
			// an API get that misses and a put after it: an update, not a load
			assertThat(cache.get("k2")).isNull();
			cache.put("k2", "v2");
			assertThat(cache.getStatistics().getLoads()).isEqualTo(1);
		});
	}

	private static EntryCodec codec(AssertableApplicationContext context) {
		return new EntryCodec(context.getBean(CacheValueSerializer.class), CompressionType.NONE, 1024);
	}

}
