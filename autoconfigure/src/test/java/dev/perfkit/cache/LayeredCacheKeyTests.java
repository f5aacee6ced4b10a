package dev.perfkit.cache;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.ConfigurableApplicationContext;

import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Keys: L1 by the key object, the lower layers and the bus by its string form, converted like Spring Data Redis's
 * {@code RedisCache}.
 */
class LayeredCacheKeyTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner instance(String name) {
		return CacheTestContexts.runner(RedisLocator.locate().url(), this.temp.resolve(name + ".db"), this.prefix);
	}

	@Test
	void keysAreConvertedLikeRedisCache() {
		CacheKeys keys = new CacheKeys(CacheKeys.defaultConversionService());
		UUID uuid = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
		assertThat(keys.id("c", "plain")).isEqualTo("plain");
		assertThat(keys.id("c", 42L)).isEqualTo("42");
		assertThat(keys.id("c", 7)).isEqualTo("7");
		assertThat(keys.id("c", true)).isEqualTo("true");
		assertThat(keys.id("c", uuid)).isEqualTo(uuid.toString());
		assertThat(keys.id("c", Colour.RED)).isEqualTo("RED");
		assertThat(keys.id("c", new SimpleKey(1L, "a"))).isEqualTo("SimpleKey [1, a]");
		assertThat(keys.id("c", new Point(1, 2))).isEqualTo("Point[x=1, y=2]");
		assertThatIllegalStateException().isThrownBy(() -> keys.id("products", new Opaque()))
			.withMessageContaining("products")
			.withMessageContaining(Opaque.class.getName())
			.withMessageContaining("toString()")
			.withMessageContaining("Converter");
	}

	@Test
	void aKeyWithoutAStringFormIsRefusedAtItsFirstUse() {
		instance("a").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("opaque");
			assertThatIllegalStateException().isThrownBy(() -> cache.get(new Opaque()))
				.withMessageContaining(Opaque.class.getName());
			assertThatIllegalStateException().isThrownBy(() -> cache.put(new Opaque(), "v"))
				.withMessageContaining(Opaque.class.getName());
		});
	}

	@Test
	void nonStringKeysAreStoredBelowByTheirStringFormAndFoundFromAnotherInstance() {
		instance("a").run((a) -> instance("b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("typed");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("typed");
			onA.put(42L, "by-long");
			onA.put(new SimpleKey(1L, "x"), "by-simple-key");
			RedisCacheLayer redis = a.getBean(RedisCacheLayer.class);
			assertThat(redis.get("typed", "42")).isNotNull();
			assertThat(redis.get("typed", "SimpleKey [1, x]")).isNotNull();
			assertThat(onB.get(42L).get()).isEqualTo("by-long");
			assertThat(onB.get(new SimpleKey(1L, "x")).get()).isEqualTo("by-simple-key");
			assertThat(onA.get(42L).get()).isEqualTo("by-long");
			assertThat(onA.getStatistics().getHits("memory")).isEqualTo(1);
		}));
	}

	@Test
	void anInvalidationFromAnotherInstanceFindsAnL1EntryUnderItsKeyObject() {
		instance("a").run((a) -> instance("b").run((b) -> {
			LayeredCache onA = a.getBean(LayeredCacheManager.class).getLayeredCache("typed");
			LayeredCache onB = b.getBean(LayeredCacheManager.class).getLayeredCache("typed");
			RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
			UUID uuid = UUID.randomUUID();
			SimpleKey simpleKey = new SimpleKey(3L, "y");
			onA.put(7L, "v1");
			onA.put(uuid, "v1");
			onA.put(simpleKey, "v1");
			await().atMost(WINDOW).until(() -> busOfB.getReceived() == 3);
			for (Object key : List.of(7L, uuid, simpleKey)) {
				assertThat(onB.get(key).get()).isEqualTo("v1");
				assertThat(onB.policy().isInMemory(String.valueOf(key))).isTrue();
			}
			onA.put(7L, "v2");
			onA.evict(uuid);
			onA.clear();
			onA.put(simpleKey, "v3");
			await().atMost(WINDOW).untilAsserted(() -> {
				assertThat(valueOf(onB.get(7L))).isNull();
				assertThat(valueOf(onB.get(uuid))).isNull();
				assertThat(valueOf(onB.get(simpleKey))).isEqualTo("v3");
			});
		}));
	}

	@Test
	void anL1HitAllocatesNothingForTheKeysCacheableMakes() {
		instance("a").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("hits");
			List<Object> keys = List.of(42L, "text", UUID.randomUUID(), new SimpleKey(1L, "two"), Colour.RED);
			for (Object key : keys) {
				cache.put(key, "v");
			}
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
			long thread = Thread.currentThread().getId();
			for (Object key : keys) {
				for (int i = 0; i < 20_000; i++) {
					cache.get(key);
				}
				long before = threads.getThreadAllocatedBytes(thread);
				for (int i = 0; i < 20_000; i++) {
					cache.get(key);
				}
				long allocated = threads.getThreadAllocatedBytes(thread) - before;
				// a hit that built the key's string would allocate at least 24 bytes, 480,000 in all
				assertThat(allocated).as("bytes allocated by 20,000 hits on a %s key", key.getClass().getSimpleName())
					.isLessThan(20_000);
			}
		});
	}

	@Test
	void closingAContextLeavesNoPerfkitThreadAlive() {
		// other test classes' contexts (Spring's test context cache) may hold threads of their own: only new ones count
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		instance("a").withPropertyValues("perfkit.cache.stampede.early-refresh-beta=1").run((context) -> {
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("threads");
			cache.put(1L, "v");
			assertThat(cache.get(1L, () -> "loaded")).isEqualTo("v");
			assertThat(perfkitThreads(before)).isNotEmpty();
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
		});
		await().atMost(WINDOW).untilAsserted(() -> assertThat(perfkitThreads(before)).isEmpty());
	}

	private static Set<String> perfkitThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread))
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("perfkit-cache"))
			.collect(Collectors.toSet());
	}

	private static Object valueOf(org.springframework.cache.Cache.ValueWrapper wrapper) {
		return (wrapper != null) ? wrapper.get() : null;
	}

	enum Colour {

		RED

	}

	record Point(int x, int y) {
	}

	static final class Opaque {

	}

}
