package dev.perfkit.benchmarks.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.perfkit.cache.CompressionType;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.redis.RedisCacheLayer;

/**
 * Bytes Redis stores for one 10 KB JSON value under each compression, read back with {@code STRLEN}. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.cache.CompressionSizes}.
 */
public final class CompressionSizes {

	private CompressionSizes() {
	}

	public static void main(String[] args) {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(RedisHitBenchmark.host(), RedisHitBenchmark.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		JacksonCacheValueSerializer serializer = new JacksonCacheValueSerializer(List.of(),
				CompressionSizes.class.getClassLoader());
		String[] words = { "portable", "bamboo", "clock", "quiet", "light", "steel", "ceramic", "mug", "lamp", "desk",
				"travel", "compact", "classic", "modern", "walnut", "linen", "kettle", "grinder", "coffee", "tea" };
		java.util.Random random = new java.util.Random(42);
		List<Map<String, Object>> catalogue = new ArrayList<>();
		for (int i = 0; serializer.serialize(catalogue).length < 10_000; i++) {
			StringBuilder description = new StringBuilder();
			for (int w = 0; w < 8; w++) {
				description.append(words[random.nextInt(words.length)]).append(' ');
			}
			catalogue.add(Map.of("id", i, "sku", "SKU-" + (10_000 + random.nextInt(90_000)), "name",
					words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)], "description",
					description.toString().trim(), "priceCents", random.nextInt(50_000), "stock", random.nextInt(500)));
		}
		int json = serializer.serialize(catalogue).length;
		System.out.printf("serialized value: %d bytes%n", json);
		for (CompressionType compression : CompressionType.values()) {
			String prefix = "perfkit-bench:" + UUID.randomUUID() + ":";
			RedisCacheLayer layer = new RedisCacheLayer(connectionFactory, prefix, Duration.ofSeconds(1));
			LayeredCacheManager manager = LayeredCacheManager.builder(serializer)
				.layer(layer)
				.compression(compression, 1024)
				.build();
			LayeredCache cache = manager.getLayeredCache("catalogue");
			cache.put("page-1", catalogue);
			try (RedisConnection connection = connectionFactory.getConnection()) {
				Long stored = connection.stringCommands().strLen(layer.entryKey("catalogue", "page-1"));
				System.out.printf("%-5s %6d bytes in Redis (%.2f of uncompressed)%n", compression, stored,
						stored / (double) json);
			}
			cache.clear();
			manager.destroy();
		}
		connectionFactory.destroy();
	}

}
