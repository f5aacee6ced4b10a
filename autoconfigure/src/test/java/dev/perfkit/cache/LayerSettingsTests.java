package dev.perfkit.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each lower layer's own {@link LayerSettings}: where it sits, which caches use it, and how long they keep entries
 * there; asked of the layer, whatever its name.
 */
class LayerSettingsTests {

	private final JacksonCacheValueSerializer serializer = new JacksonCacheValueSerializer(List.of(),
			getClass().getClassLoader());

	@Test
	void layersSitInTheirOrderThenTheUnorderedOnesInTheOrderTheyWereAdded() {
		LayeredCacheManager manager = LayeredCacheManager.builder(this.serializer)
			.layer(new MapLayer("unordered"))
			.layer(new MapLayer("below"), LayerSettings.of(Duration.ofSeconds(1)).withOrder(2))
			.layer(new MapLayer("above"), LayerSettings.of(Duration.ofSeconds(1)).withOrder(1))
			.layer(new MapLayer("last"))
			.build();
		assertThat(manager.getLayerNames()).containsExactly("above", "below", "unordered", "last");
	}

	@Test
	void aCacheUsesOnlyTheLayersWhoseSettingsSwitchItOn() {
		LayerSettings notForOthers = LayerSettings.of(Duration.ofSeconds(1))
			.withCaches((cache) -> cache.equals("others") ? LayerSettings.PerCache.OFF
					: LayerSettings.PerCache.DEFAULT);
		LayeredCacheManager manager = LayeredCacheManager.builder(this.serializer)
			.layer(new MapLayer("redis"), notForOthers)
			.layer(new MapLayer("sqlite"))
			.build();
		assertThat(manager.getLayeredCache("mine").getStatistics().getLayers()).containsExactly("memory", "redis",
				"sqlite");
		assertThat(manager.getLayeredCache("others").getStatistics().getLayers()).containsExactly("memory", "sqlite");
	}

	@Test
	void aLayersTimeToLiveCapsWhatItsCachesWriteThereAndNowhereElse() {
		MapLayer capped = new MapLayer("capped");
		MapLayer uncapped = new MapLayer("uncapped");
		LayeredCacheManager manager = LayeredCacheManager.builder(this.serializer)
			.layer(capped, LayerSettings.of(Duration.ofSeconds(1))
				.withCaches((cache) -> new LayerSettings.PerCache(true, cache.equals("short") ? Duration.ofSeconds(30)
						: null)))
			.layer(uncapped)
			.build();
		long before = System.currentTimeMillis();
		manager.getLayeredCache("short").put("k", "v", Duration.ofHours(1));
		manager.getLayeredCache("long").put("k", "v", Duration.ofHours(1));
		assertThat(capped.expiries.get("short::k")).isLessThanOrEqualTo(System.currentTimeMillis() + 30_000);
		assertThat(capped.expiries.get("long::k")).isGreaterThanOrEqualTo(before + 3_600_000);
		assertThat(uncapped.expiries.get("short::k")).isGreaterThanOrEqualTo(before + 3_600_000);
	}

	/** A local layer in a map, keeping each entry's expiry as written. */
	static final class MapLayer implements CacheLayer {

		private final String name;

		private final Map<String, byte[]> frames = new ConcurrentHashMap<>();

		final Map<String, Long> expiries = new ConcurrentHashMap<>();

		MapLayer(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public byte @Nullable [] get(String cache, String key) {
			return this.frames.get(cache + "::" + key);
		}

		@Override
		public void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
			this.frames.put(cache + "::" + key, frame);
			this.expiries.put(cache + "::" + key, expiresAtMillis);
		}

		@Override
		public void evict(String cache, String key) {
			this.frames.remove(cache + "::" + key);
		}

		@Override
		public void clear(String cache) {
			this.frames.keySet().removeIf((key) -> key.startsWith(cache + "::"));
		}

		@Override
		public void invalidateTags(Collection<String> tags) {
		}

		@Override
		public void ping() {
		}

		@Override
		public boolean isShared() {
			return false;
		}

	}

}
