package dev.perfkit.cache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;

/**
 * Application contexts with the layered cache on a real Redis and a real SQLite file, and a cached service.
 */
final class CacheTestContexts {

	private CacheTestContexts() {
	}

	static String uniquePrefix() {
		return "perfkit-test:" + UUID.randomUUID() + ":";
	}

	static ApplicationContextRunner runner(String redisUrl, Path sqliteFile, String prefix) {
		return runnerWithoutRedis(sqliteFile, prefix).withPropertyValues("spring.data.redis.url=" + redisUrl);
	}

	static ApplicationContextRunner runnerWithoutRedis(Path sqliteFile, String prefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CacheAutoConfiguration.class,
					LayeredCacheAutoConfiguration.class))
			.withUserConfiguration(CatalogConfiguration.class)
			.withPropertyValues("perfkit.cache.redis.key-prefix=" + prefix,
					"perfkit.cache.sqlite.path=" + sqliteFile, "perfkit.cache.trusted-packages=dev.perfkit.cache",
					"perfkit.cache.stampede.early-refresh-beta=0");
	}

	record Product(long id, String name, Instant createdAt, List<String> labels) {

		static Product of(long id, String name) {
			return new Product(id, name, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(id), List.of("a", "b"));
		}

	}

	/** A slow service behind {@code @Cacheable}. */
	static class Catalog {

		private final AtomicInteger calls = new AtomicInteger();

		private volatile String generation = "v1";

		private volatile CountDownLatch gate = new CountDownLatch(0);

		public int calls() {
			return this.calls.get();
		}

		public void generation(String generation) {
			this.generation = generation;
		}

		public void closeGate() {
			this.gate = new CountDownLatch(1);
		}

		public void openGate() {
			this.gate.countDown();
		}

		@Cacheable(cacheNames = "products", sync = true)
		public Product product(long id) {
			this.calls.incrementAndGet();
			return Product.of(id, "product-" + id + "-" + this.generation);
		}

		@Cacheable(cacheNames = "lookups")
		public Product lookup(long id) {
			this.calls.incrementAndGet();
			return Product.of(id, "lookup-" + id + "-" + this.generation);
		}

		@Cacheable(cacheNames = "slow", sync = true)
		public Product slowProduct(long id) throws InterruptedException {
			this.calls.incrementAndGet();
			this.gate.await(30, TimeUnit.SECONDS);
			return Product.of(id, "slow-" + id);
		}

		@Cacheable("gated-lookups")
		public Product gatedLookup(long id) {
			// reads its source, then waits at the gate: what it returns predates what happens meanwhile
			String name = "gated-" + id + "-" + this.generation;
			this.calls.incrementAndGet();
			try {
				this.gate.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Product.of(id, name);
		}

		@Cacheable(cacheNames = "tagged-sync", sync = true)
		@CacheTags({ "'product:' + #id", "#result.labels()" })
		public Product taggedProduct(long id) {
			this.calls.incrementAndGet();
			return Product.of(id, "tagged-" + id);
		}

		@Cacheable("tagged-lookups")
		@CacheTags("'product:' + #p0")
		public Product taggedLookup(long id) {
			this.calls.incrementAndGet();
			return Product.of(id, "tagged-lookup-" + id);
		}

		@Cacheable("writes")
		public Product failingLookup(long id) {
			this.calls.incrementAndGet();
			throw new IllegalStateException("source unavailable");
		}

		@CachePut(cacheNames = "writes", key = "#id")
		public Product update(long id, String name) {
			return Product.of(id, name);
		}

		@CacheEvict(cacheNames = "products")
		public void evict(long id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CatalogConfiguration {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

}
