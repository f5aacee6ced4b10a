package dev.perfkit.cache;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.perfkit.cache.CacheTestContexts.Catalog;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.test.Latencies;
import dev.perfkit.test.RedisClusterProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The layered cache on a real 3-master Redis Cluster on loopback, configured through Spring Data Redis.
 */
class LayeredCacheClusterTests {

	@TempDir
	Path temp;

	@Test
	void readsWritesEvictsClearsAndInvalidatesTagsAcrossTheCluster() {
		try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
			String prefix = CacheTestContexts.uniquePrefix();
			CacheTestContexts.runnerWithoutRedis(this.temp.resolve("a.db"), prefix)
				.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()))
				.run((a) -> CacheTestContexts.runnerWithoutRedis(this.temp.resolve("b.db"), prefix)
					.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()))
					.run((b) -> {
						RedisCacheLayer layer = a.getBean(RedisCacheLayer.class);
						assertThat(layer.isCluster()).isTrue();
						assertThat(new dev.perfkit.cache.actuate.LayeredCachesEndpoint(a.getBean(LayeredCacheManager.class))
							.caches()
							.getRedis()
							.nodes()).hasSize(3).allMatch(dev.perfkit.cache.actuate.LayeredCachesEndpoint.ClusterNode::healthy);
						LayeredCacheManager managerA = a.getBean(LayeredCacheManager.class);
						LayeredCache onA = managerA.getLayeredCache("clustered");
						LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("clustered");
						for (int i = 0; i < 50; i++) {
							onA.put("k" + i, "v" + i, Duration.ofMinutes(5), (i % 2 == 0) ? "even" : "odd");
						}
						for (int i = 0; i < 50; i++) {
							assertThat(onB.get("k" + i).get()).isEqualTo("v" + i);
						}
						managerA.invalidateTags("even");
						await().atMost(Duration.ofSeconds(10)).until(() -> onB.get("k0") == null);
						assertThat(layer.get("clustered", "k2")).isNull();
						assertThat(onB.get("k1").get()).isEqualTo("v1");
						onA.evict("k1");
						await().atMost(Duration.ofSeconds(10)).until(() -> onB.get("k1") == null);
						onA.clear();
						for (int i = 0; i < 50; i++) {
							assertThat(layer.get("clustered", "k" + i)).isNull();
						}
						await().atMost(Duration.ofSeconds(10)).until(() -> onB.get("k3") == null);
					}));
		}
	}

	@Test
	void aKilledMasterNeverFailsACallAndTheClusterIsUsedAgainWhenItRejoins() {
		try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
			CacheTestContexts.runnerWithoutRedis(this.temp.resolve("killed.db"), CacheTestContexts.uniquePrefix())
				.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()),
						"perfkit.cache.redis.timeout=200ms", "perfkit.cache.recovery-interval=1s")
				.run((context) -> {
					Catalog catalog = context.getBean(Catalog.class);
					LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
					RedisCacheLayer layer = context.getBean(RedisCacheLayer.class);
					for (int id = 1; id <= 20; id++) {
						catalog.lookup(id);
					}
					cluster.server(1).kill();
					Latencies latencies = new Latencies(100);
					assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
						for (int i = 0; i < 100; i++) {
							int id = i % 20 + 1;
							latencies.time(() -> {
								cache.clearMemory();
								assertThat(catalog.lookup(id).name()).isEqualTo("lookup-" + id + "-v1");
							});
						}
					});
					assertThat(catalog.calls()).isEqualTo(20);
					System.out.println(latencies.summary("One of 3 cluster masters killed"));
					cluster.server(1).restart();
					cluster.awaitState("ok");
					long start = System.nanoTime();
					await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
						for (int id = 1; id <= 20; id++) {
							cache.put("rejoined-" + id, "yes");
							assertThat(layer.get("lookups", "rejoined-" + id)).isNotNull();
						}
					});
					System.out.printf("  every slot of the cluster used again %d ms after the master rejoined%n",
							Duration.ofNanos(System.nanoTime() - start).toMillis());
				});
		}
	}

}
