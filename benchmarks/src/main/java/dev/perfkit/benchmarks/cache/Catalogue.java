package dev.perfkit.benchmarks.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.perfkit.cache.CacheValueSerializer;

/** A reproducible JSON-friendly value: a page of product maps of at least a given serialized size. */
final class Catalogue {

	private static final String[] WORDS = { "portable", "bamboo", "clock", "quiet", "light", "steel", "ceramic",
			"mug", "lamp", "desk", "travel", "compact", "classic", "modern", "walnut", "linen", "kettle", "grinder",
			"coffee", "tea" };

	private Catalogue() {
	}

	static List<Map<String, Object>> page(CacheValueSerializer serializer, int minimumBytes) {
		Random random = new Random(42);
		List<Map<String, Object>> catalogue = new ArrayList<>();
		for (int i = 0; serializer.serialize(catalogue).length < minimumBytes; i++) {
			StringBuilder description = new StringBuilder();
			for (int w = 0; w < 8; w++) {
				description.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
			}
			// insertion-ordered, so the JSON (and its compressed size) is the same in every JVM; Map.of's order is not
			Map<String, Object> product = new LinkedHashMap<>();
			product.put("id", i);
			product.put("sku", "SKU-" + (10_000 + random.nextInt(90_000)));
			product.put("name", WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)]);
			product.put("description", description.toString().trim());
			product.put("priceCents", random.nextInt(50_000));
			product.put("stock", random.nextInt(500));
			catalogue.add(product);
		}
		return catalogue;
	}

}
