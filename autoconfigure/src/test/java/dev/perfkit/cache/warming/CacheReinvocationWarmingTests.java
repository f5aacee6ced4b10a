package dev.perfkit.cache.warming;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.autoconfigure.CacheWarmingAutoConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warming without L3: hot keys in memory only, warmed from L2 (real Redis) or by calling their {@code @Cacheable}
 * method again.
 */
class CacheReinvocationWarmingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, CacheAutoConfiguration.class,
				DataRedisAutoConfiguration.class, LayeredCacheAutoConfiguration.class,
				CacheWarmingAutoConfiguration.class))
		.withUserConfiguration(QuotesConfiguration.class)
		.withPropertyValues("perfkit.cache.sqlite.enabled=false", "perfkit.cache.stampede.early-refresh-beta=0",
				"perfkit.cache.warming.initial-delay=1h");

	@Test
	void withoutL2OrL3HotKeysMissingFromL1AreWarmedByCallingTheirCacheableMethodAgain() {
		this.contextRunner.withPropertyValues("perfkit.cache.redis.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(CacheWarming.class).doesNotHaveBean(HotKeyStore.class);
			Quotes quotes = context.getBean(Quotes.class);
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			for (int round = 0; round < 50; round++) {
				for (int id = 0; id < 5; id++) {
					quotes.quote(id);
					quotes.price("p" + id);
				}
			}
			assertThat(quotes.calls()).isEqualTo(10);
			LayeredCache quoteCache = manager.getLayeredCache("quotes");
			LayeredCache priceCache = manager.getLayeredCache("prices");
			for (int id = 0; id < 5; id++) {
				quoteCache.evict("quote:" + id);
				priceCache.evict("p" + id);
			}
			assertThat(quoteCache.getHotKeys().reinvocable()).isEqualTo(5);
			CacheWarming warming = context.getBean(CacheWarming.class);
			assertThat(warming.warmFromLowerLayers()).isZero();
			long missesBefore = quoteCache.getStatistics().getMisses();
			long hotCountBefore = quoteCache.getHotKeys().estimate("quote:0");
			CacheWarming.Run run = warming.warmHotKeys();
			// warming's own reads are neither reads nor accesses
			assertThat(quoteCache.getStatistics().getMisses()).isEqualTo(missesBefore);
			assertThat(quoteCache.getHotKeys().estimate("quote:0")).isEqualTo(hotCountBefore);
			assertThat(run.kind()).isEqualTo("hot-keys");
			assertThat(run.reinvoked()).isEqualTo(10);
			assertThat(run.warmed()).isEqualTo(10);
			assertThat(run.failed()).isZero();
			assertThat(quotes.calls()).isEqualTo(20);
			for (int id = 0; id < 5; id++) {
				assertThat(quotes.quote(id)).isEqualTo("quote " + id);
				assertThat(quotes.price("p" + id)).isEqualTo("price p" + id);
			}
			assertThat(quotes.calls()).isEqualTo(20);
			assertThat(quoteCache.getStatistics().getWarmedEntries()).isEqualTo(5);
			assertThat(quoteCache.getStatistics().getWarmedHits()).isEqualTo(5);
			CacheWarming.Stats stats = warming.getStats();
			assertThat(stats.persistent()).isFalse();
			assertThat(stats.reinvocations()).isEqualTo(10);
			assertThat(stats.warmedEntries()).isEqualTo(10);
			assertThat(stats.warmedHits()).isEqualTo(10);
			// held in L1 already: nothing to do
			assertThat(warming.warmHotKeys().warmed()).isZero();
		});
	}

	@Test
	void withoutL3HotKeysMissingFromL1AreWarmedFromRedis() {
		String prefix = "perfkit-test:" + UUID.randomUUID() + ":";
		this.contextRunner
			.withPropertyValues("spring.data.redis.url=" + RedisLocator.locate().url(),
					"perfkit.cache.redis.key-prefix=" + prefix)
			.run((context) -> {
				Quotes quotes = context.getBean(Quotes.class);
				for (int round = 0; round < 50; round++) {
					quotes.quote(1);
				}
				LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("quotes");
				// L1 loses the entry (as after a restart or a shrink), Redis keeps it
				cache.policy().setMemoryMaximumSize(0);
				org.awaitility.Awaitility.await()
					.untilAsserted(() -> assertThat(cache.policy().isInMemory("quote:1")).isFalse());
				cache.policy().setMemoryMaximumSize(100);
				CacheWarming.Run run = context.getBean(CacheWarming.class).warmHotKeys();
				assertThat(run.warmed()).isEqualTo(1);
				assertThat(run.reinvoked()).isZero();
				assertThat(quotes.calls()).isEqualTo(1);
				assertThat(cache.policy().isInMemory("quote:1")).isTrue();
				cache.clear();
			});
	}

	@Test
	void aCallIsOnlyKeptForTheCachesItsMethodWritesTo() {
		this.contextRunner.withPropertyValues("perfkit.cache.redis.enabled=false").run((context) -> {
			Quotes quotes = context.getBean(Quotes.class);
			for (int round = 0; round < 10; round++) {
				quotes.quoteAlsoFillingAnother(7);
			}
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			assertThat(manager.getLayeredCache("quotes").getHotKeys().invocation("quote:7")).isNotNull();
			assertThat(manager.getLayeredCache("other").getHotKeys().top(10)).isNotEmpty();
			assertThat(manager.getLayeredCache("other").getHotKeys().invocation("7")).isNull();
		});
	}

	static class Quotes {

		private final AtomicInteger calls = new AtomicInteger();

		private final CacheManager cacheManager;

		Quotes(CacheManager cacheManager) {
			this.cacheManager = cacheManager;
		}

		int calls() {
			return this.calls.get();
		}

		@Cacheable(cacheNames = "quotes", key = "'quote:' + #id")
		public String quote(int id) {
			this.calls.incrementAndGet();
			return "quote " + id;
		}

		@Cacheable(cacheNames = "prices", sync = true)
		public String price(String id) {
			this.calls.incrementAndGet();
			return "price " + id;
		}

		@Cacheable(cacheNames = "quotes", key = "'quote:' + #id", sync = true)
		public String quoteAlsoFillingAnother(int id) {
			Cache other = this.cacheManager.getCache("other");
			if (other.get(id) == null) {
				other.put(id, "other " + id);
			}
			return "quote " + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class QuotesConfiguration {

		@Bean
		Quotes quotes(CacheManager cacheManager) {
			return new Quotes(cacheManager);
		}

	}

}
