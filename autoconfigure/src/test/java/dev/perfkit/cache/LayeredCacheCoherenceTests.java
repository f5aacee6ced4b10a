package dev.perfkit.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.test.util.ReflectionTestUtils;

import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import dev.perfkit.test.RedisLocator;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Two application contexts (two instances of one application) on one Redis, each with its own SQLite file.
 */
class LayeredCacheCoherenceTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	// heartbeats and blocking reads far longer than a test: what a receiver knows of a sender comes from its records
	private static final String QUIET = "perfkit.cache.coherence.heartbeat-interval=10m";

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner instance(String redisUrl, String name) {
		return CacheTestContexts.runner(redisUrl, this.temp.resolve(name + ".db"), this.prefix);
	}

	@Test
	void putOnOneInstanceIsReadByTheOther() {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("shared");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("shared");
			RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
			onA.put("k", "v1");
			// an invalidation arriving while B reads would rightly keep the value out of B's L1
			await().atMost(WINDOW).until(() -> busOfB.getReceived() == 1);
			assertThat(onB.get("k").get()).isEqualTo("v1");
			assertThat(onB.get("k").get()).isEqualTo("v1");
			assertThat(onB.getStatistics().getHits("memory")).isEqualTo(1);
			onA.put("k", "v2");
			await().atMost(WINDOW).until(() -> "v2".equals(valueOf(onB.get("k"))));
			printStalenessWindow(onA, onB);
		}));
	}

	@Test
	void evictionOnOneInstanceStopsTheOtherServingItsL1Copy() {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("shared");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("shared");
			onA.put("k", "v1");
			assertThat(onB.get("k").get()).isEqualTo("v1");
			onA.evict("k");
			await().atMost(WINDOW).until(() -> onB.get("k") == null);
			onA.put("other", "x");
			onA.clear();
			await().atMost(WINDOW).until(() -> onB.get("other") == null);
		}));
	}

	@Test
	void tagInvalidationOnOneInstanceStopsTheOtherServingTaggedEntries() {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCacheManager managerA = a.getBean(LayeredCacheManager.class);
			LayeredCache onA = managerA.getLayeredCache("tagged");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("tagged");
			onA.put("1", "one", Duration.ofMinutes(5), "category:7");
			onA.put("2", "two", Duration.ofMinutes(5), "category:8");
			assertThat(onB.get("1").get()).isEqualTo("one");
			assertThat(onB.get("2").get()).isEqualTo("two");
			managerA.invalidateTags("category:7");
			await().atMost(WINDOW).until(() -> onB.get("1") == null);
			assertThat(onB.get("2").get()).isEqualTo("two");
		}));
	}

	@Test
	void fillingMissesDoesNotBroadcastButExplicitWritesDo() {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			CacheTestContexts.Catalog catalog = a.getBean(CacheTestContexts.Catalog.class);
			RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
			for (int id = 0; id < 20; id++) {
				catalog.lookup(id);
				catalog.product(id);
			}
			a.getBean(LayeredCacheManager.class).getLayeredCache("lookups").evict("3");
			await().atMost(WINDOW).until(() -> busOfB.getReceived() > 0);
			// the stream is ordered: broadcast fills would have arrived before the eviction
			assertThat(busOfB.getReceived()).isEqualTo(1);
		}));
	}

	@Test
	void aSlowLoadOvertakenByAnEvictionOnAnotherInstanceIsNotServedAfterIt() {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("race");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("race");
			RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<Object> slowLoad = CompletableFuture.supplyAsync(() -> onA.get("k", () -> {
				loading.countDown();
				release.await(30, TimeUnit.SECONDS);
				return "old";
			}));
			assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
			long received = busOfA.getReceived();
			onB.put("k", "new");
			await().atMost(WINDOW).until(() -> busOfA.getReceived() > received);
			release.countDown();
			assertThat(slowLoad.join()).isEqualTo("old");

			assertThat(valueOf(onA.get("k"))).isEqualTo("new");
			assertThat(valueOf(onA.get("k"))).isEqualTo("new");
		}));
	}

	@Test
	void aCacheableFillOvertakenByAnInvalidationIsNotServedAfterIt() {
		// the put of a @Cacheable call's result after its miss went into L1 (and this instance's L3) with no version
		// check: an invalidation that arrived while the method ran was undone by it, until memory.ttl
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			CacheTestContexts.Catalog catalogOfA = a.getBean(CacheTestContexts.Catalog.class);
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("gated-lookups");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("gated-lookups");
			SqliteCacheLayer fileOfA = a.getBean(SqliteCacheLayer.class);
			RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
			// another instance writes the key while A's method runs, and A hears of it before the method returns
			catalogOfA.closeGate();
			CompletableFuture<CacheTestContexts.Product> remote = CompletableFuture
				.supplyAsync(() -> catalogOfA.gatedLookup(5));
			await().atMost(WINDOW).until(() -> catalogOfA.calls() == 1);
			long received = busOfA.getReceived();
			onB.put(5L, CacheTestContexts.Product.of(5, "v2"));
			await().atMost(WINDOW).until(() -> busOfA.getReceived() > received);
			catalogOfA.openGate();
			assertThat(remote.join().name()).isEqualTo("gated-5-v1");
			assertThat(fileOfA.get("gated-lookups", "5")).isNull();
			assertThat(onA.get(5L).get()).isEqualTo(CacheTestContexts.Product.of(5, "v2"));
			assertThat(onA.get(5L).get()).isEqualTo(CacheTestContexts.Product.of(5, "v2"));
			// the same with an eviction on A itself, from another thread, while the method runs
			catalogOfA.closeGate();
			CompletableFuture<CacheTestContexts.Product> local = CompletableFuture
				.supplyAsync(() -> catalogOfA.gatedLookup(6));
			await().atMost(WINDOW).until(() -> catalogOfA.calls() == 2);
			onA.evict(6L);
			catalogOfA.openGate();
			assertThat(local.join().name()).isEqualTo("gated-6-v1");
			assertThat(fileOfA.get("gated-lookups", "6")).isNull();
			assertThat(onA.get(6L)).isNull();
			// unchallenged, the fill is kept as before
			assertThat(catalogOfA.gatedLookup(7).name()).isEqualTo("gated-7-v1");
			assertThat(onA.get(7L).get()).isEqualTo(CacheTestContexts.Product.of(7, "gated-7-v1"));
			assertThat(catalogOfA.calls()).isEqualTo(3);
		}));
	}

	@Test
	void anAsynchronousLoadOvertakenByAnInvalidationOnAnotherInstanceIsWrittenNowhere() {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("async-race");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("async-race");
			SqliteCacheLayer fileOfA = a.getBean(SqliteCacheLayer.class);
			RedisCacheLayer redisLayer = a.getBean(RedisCacheLayer.class);
			RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
			// the same fill protocol as a synchronous load: a load that an invalidation overtook is its caller's only
			CompletableFuture<String> source = new CompletableFuture<>();
			CountDownLatch loading = new CountDownLatch(1);
			CompletableFuture<String> slowLoad = onA.retrieve("k", () -> {
				loading.countDown();
				return source;
			});
			await().atMost(WINDOW).until(() -> loading.getCount() == 0);
			long received = busOfA.getReceived();
			onB.evict("k");
			await().atMost(WINDOW).until(() -> busOfA.getReceived() > received);
			source.complete("old");
			assertThat(slowLoad.join()).isEqualTo("old");
			assertThat(fileOfA.get("async-race", "k")).isNull();
			assertThat(redisLayer.get("async-race", "k")).isNull();
			assertThat(onA.get("k")).isNull();
		}));
	}

	@Test
	void withTheDistributedLockOneInstanceLoadsAMissingKeyWhileTheOtherWaitsForItsValue() throws Exception {
		String redis = RedisLocator.locate().url();
		instance(redis, "a").withPropertyValues("perfkit.cache.stampede.distributed-lock=true")
			.run((a) -> instance(redis, "b").withPropertyValues("perfkit.cache.stampede.distributed-lock=true")
				.run((b) -> {
					CacheTestContexts.Catalog onA = a.getBean(CacheTestContexts.Catalog.class);
					CacheTestContexts.Catalog onB = b.getBean(CacheTestContexts.Catalog.class);
					onA.closeGate();
					CompletableFuture<CacheTestContexts.Product> loading = CompletableFuture
						.supplyAsync(() -> slowProduct(onA));
					await().atMost(WINDOW).until(() -> onA.calls() == 1);
					CompletableFuture<CacheTestContexts.Product> waiting = new CompletableFuture<>();
					Thread waiter = new Thread(() -> waiting.complete(slowProduct(onB)));
					waiter.start();
					await().atMost(WINDOW).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
					assertThat(waiting).isNotDone();
					onA.openGate();
					assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(loading.get(30, TimeUnit.SECONDS));
					assertThat(onA.calls()).isEqualTo(1);
					assertThat(onB.calls()).isZero();
				}));
	}

	private static CacheTestContexts.Product slowProduct(CacheTestContexts.Catalog catalog) {
		try {
			return catalog.slowProduct(7);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void writesFromManyThreadsReachTheOtherInstanceInSequenceWithoutAFalseLoss() throws Exception {
		String redis = RedisLocator.locate().url();
		// what is tested is the order of sequence numbers, not timeouts: on a loaded machine a publish over the
		// default 250 ms is a real loss (and a journaled write a replay), which this test must not count as false
		String patient = "perfkit.cache.redis.timeout=10s";
		instance(redis, "a").withPropertyValues(patient)
			.run((a) -> instance(redis, "b").withPropertyValues(patient).run((b) -> {
				LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("busy");
				RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
				ExecutorService writers = Executors.newFixedThreadPool(16);
				try {
					List<Future<?>> futures = new ArrayList<>();
					for (int thread = 0; thread < 16; thread++) {
						int id = thread;
						futures.add(writers.submit(() -> {
							for (int i = 0; i < 200; i++) {
								onA.put("k" + id + "-" + i, "v");
							}
						}));
					}
					for (Future<?> future : futures) {
						future.get(60, TimeUnit.SECONDS);
					}
				}
				finally {
					writers.shutdownNow();
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> busOfB.getReceived() == 3200);
				// numbers taken in one thread's order but appended in another's would each look like a loss
				assertThat(busOfB.getLosses()).isZero();
			}));
	}

	@Test
	void aDroppedSubscriptionClearsTheInstancesL1() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			instance(redis.url(), "a").run((a) -> {
				LayeredCache cache = a.getBean(LayeredCacheManager.class).getLayeredCache("dropped");
				RedisInvalidationBus bus = a.getBean(RedisInvalidationBus.class);
				cache.put("k", "v");
				assertThat(cache.get("k").get()).isEqualTo("v");
				assertThat(cache.getMemorySize()).isEqualTo(1);
				redis.restart();
				long restarted = System.nanoTime();
				await().atMost(Duration.ofSeconds(60)).until(() -> bus.getLosses() > 0);
				assertThat(cache.getMemorySize()).isZero();
				System.out.printf("L1 dropped %d ms after Redis restarted%n",
						Duration.ofNanos(System.nanoTime() - restarted).toMillis());
			});
		}
	}

	@Test
	void aCachePutAfterAFailedCacheableLoadOfTheSameKeyIsBroadcast() {
		// hole 3: the put used to be taken for the fill of the earlier miss, and not broadcast
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			CacheTestContexts.Catalog catalogOfA = a.getBean(CacheTestContexts.Catalog.class);
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("writes");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("writes");
			RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
			onB.put(5L, CacheTestContexts.Product.of(5, "v1"));
			await().atMost(WINDOW).until(() -> busOfA.getReceived() == 1);
			assertThat(onB.get(5L).get()).isEqualTo(CacheTestContexts.Product.of(5, "v1"));
			// Redis drops the key (memory pressure, expiry): A misses it everywhere, and its load fails
			a.getBean(RedisCacheLayer.class).evict("writes", "5");
			assertThatIllegalStateException().isThrownBy(() -> catalogOfA.failingLookup(5));
			catalogOfA.update(5, "v2");
			await().atMost(WINDOW)
				.untilAsserted(() -> assertThat(onB.get(5L).get()).isEqualTo(CacheTestContexts.Product.of(5, "v2")));
			assertThat(onA.get(5L).get()).isEqualTo(CacheTestContexts.Product.of(5, "v2"));
		}));
	}

	@Test
	void anUpdateTheRedisLayerSkippedWhileItsBreakerWasOpenIsRepairedOnEveryInstance() {
		// hole 1: the skipped write was dropped, and B re-read the superseded value from Redis for its whole TTL
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			instance(redis.url(), "a").withPropertyValues("perfkit.cache.redis.timeout=100ms")
				.run((a) -> instance(redis.url(), "b").run((b) -> {
					LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("skipped");
					LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("skipped");
					onA.put("k", "v1");
					assertThat(onB.get("k").get()).isEqualTo("v1");
					redis.pause();
					try {
						for (int i = 0; i < 10; i++) {
							onA.get("miss-" + i);
						}
					}
					finally {
						redis.resume();
					}
					// Redis answers again, but A's breaker stays open for the recovery interval
					assertThat(onA.getHealthScore()).isLessThan(100);
					onA.put("k", "v2");
					assertThat(a.getBean(LayeredCacheManager.class).getPendingRepairs("redis")).isEqualTo(1);
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(onB.get("k")).isNull());
					assertThat(a.getBean(LayeredCacheManager.class).getPendingRepairs("redis")).isZero();
					// v2 from A's own layers, or a miss: A's reader lost the stream while Redis hung, which drops A's
					// L1 and L3 too; never the superseded v1
					assertThat(valueOf(onA.get("k"))).isNotEqualTo("v1");
				}));
		}
	}

	@Test
	void aSlowFillDoesNotOverwriteAWriteOrAnEvictionMadeInRedisAfterItsMiss() throws Exception {
		// hole 2: the fill was a plain SET, and Redis kept the older value for every instance until it expired
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("fills");
			RedisCacheLayer layer = a.getBean(RedisCacheLayer.class);
			EntryCodec codec = new EntryCodec(a.getBean(CacheValueSerializer.class), CompressionType.NONE, 1024);
			for (String write : List.of("put", "evict")) {
				String key = "k-" + write;
				CountDownLatch loading = new CountDownLatch(1);
				CountDownLatch release = new CountDownLatch(1);
				CompletableFuture<Object> slowLoad = CompletableFuture.supplyAsync(() -> onA.get(key, () -> {
					loading.countDown();
					release.await(30, TimeUnit.SECONDS);
					return "old";
				}));
				assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
				// another instance writes while A loads; its invalidation has not reached A when the fill lands
				// (written on the layer, not through a cache, so that the bus cannot win the race)
				long expiresAt = System.currentTimeMillis() + 60_000;
				if (write.equals("put")) {
					layer.put("fills", key, codec.encode("new", expiresAt, 1, new String[0]), expiresAt,
							new String[0]);
				}
				else {
					layer.evict("fills", key);
				}
				release.countDown();
				assertThat(slowLoad.get(30, TimeUnit.SECONDS)).isEqualTo("old");
				byte[] stored = layer.get("fills", key);
				if (write.equals("put")) {
					assertThat(codec.decode(stored).value()).isEqualTo("new");
				}
				else {
					assertThat(stored).isNull();
				}
			}
		});
	}

	@Test
	void aSlowFillDoesNotLandAfterAClearOfItsCacheMadeInRedisAfterItsMiss() throws Exception {
		// a clear removes the keys and leaves no tombstone: the fill found the key absent, as its miss had, and stored
		// the value loaded before the clear for every instance until it expired
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("cleared");
			RedisCacheLayer layer = a.getBean(RedisCacheLayer.class);
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<Object> slowLoad = CompletableFuture.supplyAsync(() -> onA.get("k", () -> {
				loading.countDown();
				release.await(30, TimeUnit.SECONDS);
				return "old";
			}));
			assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
			// B clears the cache while A loads (on B's layer, not through B's cache: the bus cannot win the race)
			b.getBean(RedisCacheLayer.class).clear("cleared");
			release.countDown();
			assertThat(slowLoad.get(30, TimeUnit.SECONDS)).isEqualTo("old");
			assertThat(layer.get("cleared", "k")).isNull();
			// A learned the clear from its refused fill: a miss after the clear fills as before
			assertThat(onA.get("k2", () -> "new")).isEqualTo("new");
			assertThat(layer.get("cleared", "k2")).isNotNull();
		}));
	}

	@Test
	void anEvictionWhosePublishWasLostIsNoticedFromTheSendersHeartbeatAlthoughItStaysQuiet() {
		// hole 4: the gap was only seen at the sender's next invalidation, and B served its copy for memory.ttl
		String redis = RedisLocator.locate().url();
		instance(redis, "a").run((a) -> instance(redis, "b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("quiet");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("quiet");
			RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
			RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
			onA.put("k", "v1");
			await().atMost(WINDOW).until(() -> busOfB.getReceived() == 1);
			assertThat(onB.get("k").get()).isEqualTo("v1");
			// a publish failed a moment ago: the bus backs off, and the next one is skipped, its number spent
			ReflectionTestUtils.setField(busOfA, "failedAt", System.nanoTime());
			long losses = busOfB.getLosses();
			onA.evict("k");
			assertThat(busOfA.getPublished()).isEqualTo(1);
			long evicted = System.nanoTime();
			await().atMost(WINDOW).untilAsserted(() -> assertThat(onB.get("k")).isNull());
			assertThat(busOfB.getLosses()).isGreaterThan(losses);
			System.out.printf("Lost invalidation detected and L1 dropped %d ms after the eviction%n",
					Duration.ofNanos(System.nanoTime() - evicted).toMillis());
		}));
	}

	@Test
	void aPublishLostBeforeTheReceiverHasHeardTheSenderIsDetectedFromTheStreamsRecentEntries() {
		// hole 4, the gap before a receiver first hears a sender: B learned A's sequence only from A's first record
		// after B started, so A's lost publish looked like A's starting point and B served its copy until memory.ttl
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			// no heartbeat during the test (the first one goes with A's first record read): B hears nothing of A
			// between its start and the lost publish
			instance(redis.url(), "a").withPropertyValues(QUIET)
				.run((a) -> {
					LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("unheard");
					RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
					onA.put("k", "v1");
					instance(redis.url(), "b").withPropertyValues(QUIET).run((b) -> {
						LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("unheard");
						RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
						assertThat(onB.get("k").get()).isEqualTo("v1");
						assertThat(onB.getMemorySize()).isEqualTo(1);
						aLostEvictionOfADropsItOnB(onA, busOfA, onB, busOfB);
					});
				});
		}
	}

	@Test
	void aFirstPublishLostByASenderThatStartedAfterTheReceiverIsDetectedAtItsFirstRecord() {
		// hole 4, the gap before a receiver first hears a sender: A's first record told B where A's sequence starts,
		// whatever A had lost before it
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			instance(redis.url(), "b").withPropertyValues(QUIET)
				.run((b) -> instance(redis.url(), "a").withPropertyValues(QUIET).run((a) -> {
					LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("unheard");
					LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("unheard");
					RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
					RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
					// a fill: B's L1, Redis and B's L3 hold v1, and nothing is published
					assertThat(onB.get("k", () -> "v1")).isEqualTo("v1");
					assertThat(onA.get("k").get()).isEqualTo("v1");
					aLostEvictionOfADropsItOnB(onA, busOfA, onB, busOfB);
				}));
		}
	}

	@Test
	void aSenderWithNoEntryAmongTheStreamsRecentOnesMustStartItsSequenceAtItsFirstRecord() {
		// hole 4, the gap before a receiver first hears a sender: a sender quiet for longer than the receiver reads
		// back at its start (three of the receiver's heartbeat intervals) is unknown to it; its lost publish looked
		// like its starting point
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			instance(redis.url(), "a").withPropertyValues(QUIET).run((a) -> {
				LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("unheard");
				RedisInvalidationBus busOfA = a.getBean(RedisInvalidationBus.class);
				onA.put("k", "v1");
				// A's records (its put and its first heartbeat) fall out of what B reads back when it starts
				Thread.sleep(500);
				instance(redis.url(), "b").withPropertyValues("perfkit.cache.coherence.heartbeat-interval=100ms")
					.run((b) -> {
						LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("unheard");
						RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
						assertThat(onB.get("k").get()).isEqualTo("v1");
						loseNextPublish(busOfA, () -> onA.evict("k"));
						onA.put("other", "x");
						await().atMost(WINDOW).until(() -> busOfB.getReceived() == 1);
						// A is heard of once, then silent: a second loss may follow, three of B's intervals later
						assertThat(busOfB.getLosses()).isPositive();
						assertThat(onB.get("k")).isNull();
					});
			});
		}
	}

	@Test
	void anIdleInstanceReadsTheStreamOncePerHeartbeatAndNotAgainForItsOwnHeartbeat() {
		// issue 16, idle cost: the reader read its own heartbeat back (a second read and wake-up per interval), and
		// asked the server for its run id in a round trip of its own
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			instance(redis.url(), "a").withPropertyValues("perfkit.cache.coherence.heartbeat-interval=100ms")
				.run((a) -> {
					RedisClient client = RedisClient.create(redis.url());
					try (StatefulRedisConnection<String, String> connection = client.connect()) {
						CommandStats stats = new CommandStats(connection);
						await().atMost(WINDOW).until(() -> stats.calls().containsKey("xadd"));
						connection.sync().configResetstat();
						stats.queries = 0;
						long start = System.nanoTime();
						await().atMost(Duration.ofSeconds(60)).until(() -> stats.calls().getOrDefault("xadd", 0L) >= 30);
						long queries = stats.queries;
						Map<String, Long> calls = stats.calls();
						double seconds = (System.nanoTime() - start) / 1e9;
						long heartbeats = calls.get("xadd");
						long scripts = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
						long info = calls.getOrDefault("info", 0L) - queries;
						long xread = calls.getOrDefault("xread", 0L);
						// sent by the instance: its reads and heartbeats, one script each, or XADD and INFO of their own
						long sent = xread + ((scripts > 0) ? scripts : heartbeats + info);
						System.out.printf("Idle instance, heartbeat 100 ms, %.1f s: %d reads, %d heartbeats, %d "
								+ "commands sent in all (%.1f per heartbeat; inside Redis: %s)%n", seconds, xread,
								heartbeats, sent, (double) sent / heartbeats, calls);
						assertThat(xread).isLessThanOrEqualTo(heartbeats + 2);
					}
					finally {
						client.shutdown();
					}
				});
		}
	}

	/** Redis's own count of the commands it ran, by name ({@code INFO commandstats}); counts its queries. */
	private static final class CommandStats {

		private final StatefulRedisConnection<String, String> connection;

		private long queries;

		CommandStats(StatefulRedisConnection<String, String> connection) {
			this.connection = connection;
		}

		Map<String, Long> calls() {
			Map<String, Long> calls = new TreeMap<>();
			for (String line : this.connection.sync().info("commandstats").split("\\r?\\n")) {
				if (line.startsWith("cmdstat_")) {
					calls.put(line.substring("cmdstat_".length(), line.indexOf(':')),
							Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))));
				}
			}
			this.queries++;
			return calls;
		}

	}

	// A's eviction of k is lost on the wire; A's next record shows B the gap, and B drops k
	private static void aLostEvictionOfADropsItOnB(LayeredCache onA, RedisInvalidationBus busOfA, LayeredCache onB,
			RedisInvalidationBus busOfB) {
		loseNextPublish(busOfA, () -> onA.evict("k"));
		onA.put("other", "x");
		await().atMost(WINDOW).until(() -> busOfB.getReceived() == 1);
		assertThat(busOfB.getLosses()).isEqualTo(1);
		assertThat(onB.get("k")).isNull();
	}

	/** Runs the action while the bus backs off after a failed publish (its sequence number spent), then ends it. */
	private static void loseNextPublish(RedisInvalidationBus bus, Runnable action) {
		long published = bus.getPublished();
		ReflectionTestUtils.setField(bus, "failedAt", System.nanoTime());
		action.run();
		ReflectionTestUtils.setField(bus, "failedAt", System.nanoTime() - Duration.ofMinutes(1).toNanos());
		assertThat(bus.getPublished()).isEqualTo(published);
	}

	private static Object valueOf(ValueWrapper wrapper) {
		return (wrapper != null) ? wrapper.get() : null;
	}

	/** Measures how long after a put on one instance the other stops serving its L1 copy; prints the figures. */
	private static void printStalenessWindow(LayeredCache onA, LayeredCache onB) {
		int rounds = 100;
		long[] windows = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			onA.put("w", "old-" + i);
			onB.get("w");
			String expected = "new-" + i;
			long start = System.nanoTime();
			onA.put("w", expected);
			while (!expected.equals(valueOf(onB.get("w")))) {
				Thread.onSpinWait();
			}
			windows[i] = System.nanoTime() - start;
		}
		Arrays.sort(windows);
		System.out.printf("L1 staleness window after a put on another instance (%d rounds): p50 %.2f ms, p99 %.2f ms, "
				+ "max %.2f ms%n", rounds, windows[rounds / 2] / 1e6, windows[rounds * 99 / 100] / 1e6,
				windows[rounds - 1] / 1e6);
	}

}
