package dev.perfkit.benchmarks.cache;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.perfkit.cache.CompressionType;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Bytes the layered cache hands to its lower layers (what Redis stores, {@code STRLEN}, and what SQLite stores) for
 * the 10 KB JSON value of {@link SerializerBenchmark}, under each compression with a 1 KB threshold. Deterministic, so
 * not a JMH benchmark; prints a markdown table. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.cache.CompressionSizes}.
 */
public final class CompressionSizes {

	private CompressionSizes() {
	}

	public static void main(String[] args) {
		JacksonCacheValueSerializer serializer = new JacksonCacheValueSerializer(List.of(),
				CompressionSizes.class.getClassLoader());
		List<Map<String, Object>> catalogue = Catalogue.page(serializer, 10_000);
		int json = serializer.serialize(catalogue).length;
		System.out.printf(Locale.ROOT, "Value: %d product maps, %,d bytes of JSON (Jackson, as Spring's RedisCache "
				+ "would store it with the same serializer).%n%n", catalogue.size(), json);
		System.out.println("| compression | bytes stored | share of the plain JSON |");
		System.out.println("| --- | --- | --- |");
		for (CompressionType compression : CompressionType.values()) {
			InMemoryLayer layer = new InMemoryLayer();
			LayeredCacheManager manager = LayeredCacheManager.builder(serializer)
				.layer(layer)
				.compression(compression, 1024)
				.build();
			LayeredCache cache = manager.getLayeredCache("catalogue");
			cache.put("page-1", catalogue);
			int stored = layer.frameLength("page-1");
			System.out.printf(Locale.ROOT, "| `%s` | %,d | %.2f |%n", compression.name().toLowerCase(Locale.ROOT),
					stored, stored / (double) json);
			manager.destroy();
		}
	}

}
