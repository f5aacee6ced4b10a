package dev.perfkit.benchmarks.cache;

import java.util.Random;
import java.util.UUID;

import org.springframework.cache.interceptor.SimpleKey;

/**
 * The keys Spring's {@code SimpleKeyGenerator} makes for {@code @Cacheable} methods: the single parameter itself
 * ({@code Long} id, {@code String}, {@code UUID}) or a {@link SimpleKey} of two parameters. Each call builds new
 * instances, so that a benchmark reads with keys equal to, but not the same objects as, the keys it stored.
 */
final class CacheKeys {

	/** Ids start above the {@code Long} cache (-128..127), so equal ids are distinct instances. */
	static final long FIRST_ID = 1_000;

	private CacheKeys() {
	}

	static Object[] keys(String type, int count) {
		Object[] keys = new Object[count];
		Random random = new Random(42);
		for (int i = 0; i < count; i++) {
			long id = FIRST_ID + i;
			keys[i] = switch (type) {
				case "Long" -> Long.valueOf(id);
				case "String" -> new StringBuilder("SKU-").append(id).toString();
				case "UUID" -> new UUID(random.nextLong(), random.nextLong());
				case "SimpleKey" -> new SimpleKey(Long.valueOf(id), new StringBuilder("market-").append(i % 8).toString());
				default -> throw new IllegalArgumentException("unknown key type " + type);
			};
		}
		return keys;
	}

}
