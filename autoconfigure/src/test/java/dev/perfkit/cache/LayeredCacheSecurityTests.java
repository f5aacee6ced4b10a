package dev.perfkit.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.gadget.GadgetWitness;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security of the layered cache on a real Redis: key prefixes isolate applications sharing one server, and bytes
 * planted under a real cache key never make the application instantiate a class outside the trusted packages.
 */
class LayeredCacheSecurityTests {

	private static final String GADGET = "dev.perfkit.gadget.Gadget";

	private static final String KNOWN_GADGET = "org.springframework.context.support.ClassPathXmlApplicationContext";

	@TempDir
	Path temp;

	private ApplicationContextRunner app(String name, String prefix) {
		return CacheTestContexts.runner(RedisLocator.locate().url(), this.temp.resolve(name + ".db"), prefix);
	}

	@Test
	void applicationsWithDifferentKeyPrefixesNeverSeeEachOthersValuesOrInvalidations() {
		String prefixOfA = CacheTestContexts.uniquePrefix();
		String prefixOfB = CacheTestContexts.uniquePrefix();
		app("a", prefixOfA).run((a) -> app("a2", prefixOfA).run((secondA) -> app("b", prefixOfB).run((b) -> {
			LayeredCache onA = cache(a);
			LayeredCache onB = cache(b);
			RedisInvalidationBus busOfSecondA = secondA.getBean(RedisInvalidationBus.class);
			RedisInvalidationBus busOfB = b.getBean(RedisInvalidationBus.class);
			onA.put("k", "a-value", Duration.ofMinutes(5), "shared-tag");
			assertThat(onB.get("k")).isNull();
			onB.put("k", "b-value", Duration.ofMinutes(5), "shared-tag");
			assertThat(redisOf(a).get("shared", "k")).isNotEqualTo(redisOf(b).get("shared", "k"));
			onA.evict("k");
			onA.put("other", "a-other", Duration.ofMinutes(5), "shared-tag");
			onA.clear();
			onA.put("tagged", "a-tagged", Duration.ofMinutes(5), "shared-tag");
			a.getBean(LayeredCacheManager.class).invalidateTags("shared-tag");
			// the same application's other instance receives every invalidation: the stream works
			await().atMost(Duration.ofSeconds(10)).until(() -> busOfSecondA.getReceived() >= 5);
			assertThat(busOfB.getReceived()).isZero();
			assertThat(onB.get("k").get()).isEqualTo("b-value");
			assertThat(redisOf(b).get("shared", "k")).isNotNull();
			assertThat(onB.getStatistics().getHits("memory")).isEqualTo(1);
			assertThat(onA.get("k")).isNull();
			assertThat(onA.get("tagged")).isNull();
		})));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "root", "nested", "known-gadget", "known-gadget-nested" })
	void plantedGadgetPayloadIsAMissThatInstantiatesNothing(String variant) {
		app("a", CacheTestContexts.uniquePrefix()).run((context) -> {
			LayeredCache cache = cache(context);
			byte[] frame = frame(payload(variant));
			for (CacheLayer layer : context.getBean(LayeredCacheManager.class).getLayers()) {
				layer.put("shared", "planted-" + layer.name(), frame, System.currentTimeMillis() + 60_000,
						new String[0]);
			}
			int before = GadgetWitness.total();
			assertThat(cache.get("planted-redis")).isNull();
			assertThat(cache.get("planted-sqlite")).isNull();
			assertThat(GadgetWitness.total()).isEqualTo(before).isZero();
			assertThat(cache.getStatistics().getCorruptEntries()).isEqualTo(2);
			assertThat(cache.getStatistics().getMisses()).isEqualTo(2);
			for (CacheLayer layer : context.getBean(LayeredCacheManager.class).getLayers()) {
				assertThat(layer.get("shared", "planted-" + layer.name())).as(layer.name()).isNull();
			}
			assertThat(Class.forName(GADGET, false, getClass().getClassLoader())).isNotNull();
			assertThat(GadgetWitness.INITIALIZED.get()).isZero();
		});
	}

	/** A value as JacksonCacheValueSerializer writes it: class name length, class name, JSON. */
	private static byte[] payload(String variant) {
		return switch (variant) {
			case "root" -> value(GADGET, "{\"command\":\"touch /tmp/pwned\"}");
			case "nested" -> value("java.util.HashMap",
					"{\"x\":{\"@class\":\"" + GADGET + "\",\"command\":\"touch /tmp/pwned\"},"
							+ "\"y\":[\"" + GADGET + "\",{\"command\":\"touch /tmp/pwned\"}]}");
			case "known-gadget" -> value(KNOWN_GADGET, "\"http://127.0.0.1:1/gadget.xml\"");
			case "known-gadget-nested" -> value("java.util.ArrayList",
					"[\"java.util.ArrayList\",[[\"" + KNOWN_GADGET + "\",\"http://127.0.0.1:1/gadget.xml\"]]]");
			default -> throw new IllegalArgumentException(variant);
		};
	}

	private static byte[] value(String type, String json) {
		byte[] name = type.getBytes(StandardCharsets.UTF_8);
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[2 + name.length + body.length];
		bytes[0] = (byte) (name.length >>> 8);
		bytes[1] = (byte) name.length;
		System.arraycopy(name, 0, bytes, 2, name.length);
		System.arraycopy(body, 0, bytes, 2 + name.length, body.length);
		return bytes;
	}

	/** An entry frame around the planted payload, as EntryCodec writes it. */
	private static byte[] frame(byte[] payload) {
		CacheValueSerializer passThrough = new CacheValueSerializer() {

			@Override
			public byte[] serialize(Object value) {
				return (byte[]) value;
			}

			@Override
			public Object deserialize(byte[] bytes) {
				throw new UnsupportedOperationException();
			}

		};
		return new EntryCodec(passThrough, CompressionType.NONE, 0).encode(payload,
				System.currentTimeMillis() + 60_000, 0, new String[0]);
	}

	private static LayeredCache cache(ApplicationContext context) {
		return context.getBean(LayeredCacheManager.class).getLayeredCache("shared");
	}

	private static CacheLayer redisOf(ApplicationContext context) {
		List<CacheLayer> layers = context.getBean(LayeredCacheManager.class).getLayers();
		return layers.stream().filter((layer) -> layer.name().equals("redis")).findFirst().orElseThrow();
	}

}
