package dev.perfkit.cache.actuate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredCachesEndpointTests {

	private final LayeredCacheManager cacheManager = LayeredCacheManager
		.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
		.build();

	private final LayeredCachesEndpoint endpoint = new LayeredCachesEndpoint(this.cacheManager);

	@Test
	void describesEveryCachePerLayer() {
		LayeredCache cache = this.cacheManager.getLayeredCache("products");
		cache.put("1", "one");
		cache.get("1");
		cache.get("2");
		LayeredCachesEndpoint.CachesDescriptor caches = this.endpoint.caches();
		assertThat(caches.getCaches()).containsOnlyKeys("products");
		LayeredCachesEndpoint.CacheDescriptor products = caches.getCaches().get("products");
		assertThat(products.hitRatio()).isEqualTo(0.5);
		assertThat(products.puts()).isEqualTo(1);
		assertThat(products.healthScore()).isEqualTo(100);
		assertThat(products.layers()).singleElement().satisfies((layer) -> {
			assertThat(layer.layer()).isEqualTo("memory");
			assertThat(layer.hits()).isEqualTo(1);
			assertThat(layer.misses()).isEqualTo(1);
			assertThat(layer.size()).isEqualTo(1);
		});
		assertThat(caches.getRedis()).isNull();
	}

	@Test
	void listsTheHottestKeysOfACacheWithTheirLoadCost() {
		LayeredCache cache = this.cacheManager.getLayeredCache("hot");
		for (int i = 0; i < 3; i++) {
			cache.evict("often");
			cache.get("often", () -> "value");
		}
		cache.get("rarely", () -> "value");
		LayeredCachesEndpoint.CacheDescriptor hot = this.endpoint.cache("hot");
		assertThat(hot.hotKeys()).first().satisfies((key) -> {
			assertThat(key.key()).isEqualTo("often");
			assertThat(key.count()).isEqualTo(3);
			assertThat(key.loadNanos()).isPositive();
		});
		assertThat(hot.hotKeys()).extracting((key) -> key.key()).containsExactly("often", "rarely");
	}

	@Test
	void includesTheAnalysisOfEachCacheOnceSampled() {
		CacheAnalytics analytics = new CacheAnalytics(this.cacheManager, null,
				new CacheAnalytics.Thresholds(0.1, 0.3, Duration.ofSeconds(10)), 10);
		LayeredCachesEndpoint withAnalytics = new LayeredCachesEndpoint(this.cacheManager, analytics);
		LayeredCache cache = this.cacheManager.getLayeredCache("analysed");
		cache.get("a", () -> "value");
		assertThat(withAnalytics.cache("analysed").analytics()).isNull();
		analytics.sample();
		assertThat(withAnalytics.cache("analysed").analytics()).satisfies((report) -> {
			assertThat(report.cache()).isEqualTo("analysed");
			assertThat(report.alerts()).extracting(CacheAnalytics.Alert::level).containsExactly("critical");
		});
	}

	@Test
	void showsWarmingEffectEvictionsAndTheL1MaximumOfEachCache() {
		LayeredCache cache = this.cacheManager.getLayeredCache("small");
		cache.policy().setMemoryMaximumSize(5);
		cache.put("warm", "value");
		cache.policy().markWarmed("warm");
		cache.get("warm");
		LayeredCachesEndpoint.CacheDescriptor small = this.endpoint.cache("small");
		assertThat(small.memoryMaximumSize()).isEqualTo(5);
		assertThat(small.warming().warmedEntries()).isEqualTo(1);
		assertThat(small.warming().warmedHits()).isEqualTo(1);
		assertThat(this.endpoint.caches().getWarming()).isNull();
		assertThat(this.endpoint.caches().getMemoryGuard()).isNull();
		assertThat(this.endpoint.caches().getTuning()).isNull();
	}

	@Test
	void unknownCacheIsNotFound() {
		assertThat(this.endpoint.cache("nope")).isNull();
		assertThat(this.endpoint.invalidate("nope", null, null)).isNull();
	}

	@Test
	void invalidatesByKeyTagOrWholeCache() {
		LayeredCache cache = this.cacheManager.getLayeredCache("products");
		cache.put("1", "one", Duration.ofMinutes(1), "red");
		cache.put("2", "two", Duration.ofMinutes(1), "blue");
		cache.put("3", "three");
		assertThat(this.endpoint.invalidate("products", "red", null).scope()).isEqualTo("tag");
		assertThat(cache.get("1")).isNull();
		assertThat(this.endpoint.invalidate("products", null, "2").scope()).isEqualTo("key");
		assertThat(cache.get("2")).isNull();
		assertThat(cache.get("3")).isNotNull();
		assertThat(this.endpoint.invalidate("products", null, null).scope()).isEqualTo("cache");
		assertThat(cache.get("3")).isNull();
	}

	@Test
	void readsRedisFactsAndWarnsAboutNoEvictionNearlyFull() {
		String info = "# Memory\r\nused_memory:950\r\nmaxmemory:1000\r\nmaxmemory_policy:noeviction\r\n"
				+ "keyspace_hits:10\r\nkeyspace_misses:30\r\nrole:master\r\n";
		LayeredCachesEndpoint.RedisDescriptor redis = LayeredCachesEndpoint.RedisDescriptor.of(info, "");
		assertThat(redis.facts()).containsEntry("maxmemory_policy", "noeviction")
			.containsEntry("role", "master")
			.containsEntry("keyspace_hit_ratio", "0.2500");
		assertThat(redis.warnings()).singleElement().asString().contains("noeviction").contains("95% used");
		assertThat(redis.nodes()).isEmpty();
	}

	@Test
	void listsClusterNodesAndWarnsAboutAFailingOne() {
		String nodes = "07c3 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460\n"
				+ "67ed 127.0.0.1:30002@40002 master,fail - 1 1 2 disconnected 5461-10922\n"
				+ "292f 127.0.0.1:30004@40004 slave 07c3 0 1 1 connected\n";
		LayeredCachesEndpoint.RedisDescriptor redis = LayeredCachesEndpoint.RedisDescriptor
			.of("maxmemory:100\r\nused_memory:1\r\nmaxmemory_policy:allkeys-lru\r\n", nodes);
		assertThat(redis.facts()).containsEntry("topology", "cluster");
		assertThat(redis.nodes()).extracting(LayeredCachesEndpoint.ClusterNode::address)
			.containsExactly("127.0.0.1:30001", "127.0.0.1:30002", "127.0.0.1:30004");
		assertThat(redis.nodes()).extracting(LayeredCachesEndpoint.ClusterNode::healthy).containsExactly(true, false, true);
		assertThat(redis.nodes().get(2).role()).isEqualTo("replica");
		assertThat(redis.warnings()).singleElement().asString().contains("127.0.0.1:30002");
	}

}
