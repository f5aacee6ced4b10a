package dev.perfkit.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.perfkit.cache.actuate.LayeredCachesEndpoint;
import dev.perfkit.cache.metrics.LayeredCacheMetrics;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keys and values beyond {@code perfkit.cache.limits.*} stay in L1 and are counted, on a real Redis and SQLite file.
 */
class LayeredCacheLimitsTests {

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner instance(String name) {
		return CacheTestContexts.runner(RedisLocator.locate().url(), this.temp.resolve(name + ".db"), this.prefix)
			.withPropertyValues("perfkit.cache.limits.max-key-size=64B", "perfkit.cache.limits.max-value-size=2KB");
	}

	@Test
	void entriesWithinTheLimitsReachEveryLayer() {
		instance("a").run((context) -> {
			LayeredCache cache = cache(context);
			String key = "k".repeat(64);
			cache.put(key, randomText(1000));
			assertThat(storedBelow(context, key)).containsExactly(true, true);
			assertThat(cache.getStatistics().getOversizedKeys()).isZero();
			assertThat(cache.getStatistics().getOversizedValues()).isZero();
		});
	}

	@Test
	void oversizedValueStaysInMemoryAndIsCountedInStatisticsMetersAndEndpoint() {
		instance("a").run((context) -> {
			LayeredCache cache = cache(context);
			String big = randomText(4096);
			cache.put("big", big);
			assertThat(cache.get("big").get()).isEqualTo(big);
			assertThat(storedBelow(context, "big")).containsExactly(false, false);
			assertThat(cache.getStatistics().getOversizedValues()).isEqualTo(1);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new LayeredCacheMetrics(cache, Tags.empty()).bindTo(registry);
			assertThat(registry.get("perfkit.cache.oversized").tags("cache", "limits", "kind", "value")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(registry.get("perfkit.cache.oversized").tags("kind", "key").functionCounter().count())
				.isZero();
			LayeredCachesEndpoint.CacheDescriptor descriptor = new LayeredCachesEndpoint(
					context.getBean(LayeredCacheManager.class))
				.cache("limits");
			assertThat(descriptor.oversizedValues()).isEqualTo(1);
			assertThat(descriptor.oversizedKeys()).isZero();
		});
	}

	@Test
	void oversizedValueRemovesTheOlderCopyBelowSoNoInstanceReadsIt() {
		instance("a").run((a) -> instance("b").run((b) -> {
			LayeredCache onA = cache(a);
			LayeredCache onB = cache(b);
			onA.put("k", "small");
			assertThat(storedBelow(a, "k")).containsExactly(true, true);
			RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
			long received = busOfB.getReceived();
			onA.put("k", randomText(4096));
			assertThat(storedBelow(a, "k")).containsExactly(false, false);
			await().atMost(Duration.ofSeconds(10)).until(() -> busOfB.getReceived() > received);
			assertThat(onB.get("k")).isNull();
		}));
	}

	@Test
	void oversizedKeyNeverReachesTheLayersBelowAndIsCounted() {
		instance("a").run((context) -> {
			LayeredCache cache = cache(context);
			String asciiKey = "k".repeat(65);
			String multiByteKey = "€".repeat(22); // 66 bytes in UTF-8
			String fittingMultiByteKey = "é".repeat(32); // 64 bytes
			cache.put(asciiKey, "v1");
			cache.put(multiByteKey, "v2");
			cache.put(fittingMultiByteKey, "v3");
			assertThat(cache.get(asciiKey).get()).isEqualTo("v1");
			assertThat(storedBelow(context, asciiKey)).containsExactly(false, false);
			assertThat(storedBelow(context, multiByteKey)).containsExactly(false, false);
			assertThat(storedBelow(context, fittingMultiByteKey)).containsExactly(true, true);
			assertThat(cache.getStatistics().getOversizedKeys()).isEqualTo(2);
			cache.evict(asciiKey);
			assertThat(cache.get(asciiKey)).isNull();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new LayeredCacheMetrics(cache, Tags.empty()).bindTo(registry);
			assertThat(registry.get("perfkit.cache.oversized").tags("kind", "key").functionCounter().count())
				.isEqualTo(2);
		});
	}

	private static LayeredCache cache(ApplicationContext context) {
		return context.getBean(LayeredCacheManager.class).getLayeredCache("limits");
	}

	/** Whether the Redis layer and the SQLite layer each hold the key. */
	private static Boolean[] storedBelow(ApplicationContext context, String key) {
		return context.getBean(LayeredCacheManager.class)
			.getLayers()
			.stream()
			.map((layer) -> layer.get("limits", key) != null)
			.toArray(Boolean[]::new);
	}

	private static String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('!' + ThreadLocalRandom.current().nextInt(90)));
		}
		return text.toString();
	}

}
